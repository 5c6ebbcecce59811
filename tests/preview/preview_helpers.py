"""Shared helpers of the preview tests: flows written into ``tmp_path`` and engines with a fixed environment."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from server.preview import PreviewEngine, PreviewOptions, PreviewResult

SECRET = "s3cr3t-T0ken/with+chars&more"
"""A secret value that must never appear in any output (it has characters that URL-encoding changes)."""


def pipeline_flow(base_url: str) -> str:
    """The example pipeline: an HTTP source and a file source, filter, map (arrow function), template, file sink."""
    return f"""---
name: pipeline
config:
  min_price: {{type: number, default: 10}}
  api: {{type: string, default: "{base_url}"}}
secrets: [API_TOKEN]
---
<workflow>
  <source id="items" type="http">
    <request>
      method: GET
      url: "{{{{$config.api}}}}/items?token={{{{url_encode($secrets.API_TOKEN)}}}}"
      headers:
        Authorization: "Bearer {{{{$secrets.API_TOKEN}}}}"
    </request>
  </source>
  <source id="labels" type="file" path="labels.json"/>
  <transform id="kept" type="filter" input="items">
    <condition>item.price >= $config.min_price</condition>
  </transform>
  <transform id="named" type="map" input="kept">
    <expression>x => upper(x.name) + ' (' + labels.output[x.kind] + ')'</expression>
  </transform>
  <transform id="report" type="template" input="named">
    <template>{{{{length(input)}}}} items: {{{{join(input, ', ')}}}}</template>
  </transform>
  <sink id="save" type="file" input="report" path="out/report.txt" format="text"/>
</workflow>
"""


ITEMS = [
    {"name": "apple", "price": 12, "kind": "f"},
    {"name": "pear", "price": 3, "kind": "f"},
    {"name": "kale", "price": 20, "kind": "v"},
]
LABELS = {"f": "fruit", "v": "vegetable"}


def write_flow(folder: Path, text: str, name: str = "pipeline.flow.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def engine(folder: Path, environ: Mapping[str, str] | None = None, **options: Any) -> PreviewEngine:
    env = {"API_TOKEN": SECRET} if environ is None else dict(environ)
    return PreviewEngine(PreviewOptions(environ=env, workspace_root=folder, **options))


async def run(eng: PreviewEngine, path: Path, node_id: str, **kwargs: Any) -> PreviewResult:
    return await eng.preview(path.read_text(encoding="utf-8"), path, node_id, **kwargs)


def everything_written(folder: Path) -> str:
    """The text of every file under ``folder`` (result files included)."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*")) if p.is_file())


def result_json(result: PreviewResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False)
