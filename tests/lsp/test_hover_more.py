"""Hover on config fields (child elements and key-value lines), runtime type values and frontmatter keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import open_and_diagnose, position_of

CONFIG = """\
---
name: kv
version: "1.0"
description: Key-value config blocks
trigger: manual
config:
  limit: {type: number, default: 10}
secrets: [T]
---
<workflow>
  <source id="g" type="http">
    <request>
      url: https://x.example.com
      method: GET
    </request>
    <auth>
      type: bearer
      token: "{{$secrets.T}}"
    </auth>
    <timeout>5000</timeout>
  </source>
  <timeout id="slow" duration="30s">
    <transform id="t1" type="template" input="g"><template>{{input}}</template></transform>
  </timeout>
</workflow>
"""


async def hover_text(client: LanguageClient, workdir: Path, needle: str, delta: int = 0, occurrence: int = 0) -> str:
    uri, _ = await open_and_diagnose(client, workdir / "kv.flow.md", CONFIG)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(CONFIG, needle, delta, occurrence),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_config_child_element_shows_the_runtime_field(client: LanguageClient, workdir: Path) -> None:
    value = await hover_text(client, workdir, "<timeout>5000", 2)
    assert "Request timeout in milliseconds" in value and "30000" in value
    assert "time limit" not in value
    closing = await hover_text(client, workdir, "</timeout>", 3)
    assert "Request timeout in milliseconds" in closing
    block = await hover_text(client, workdir, "<request>", 2)
    assert "Key-value block merged into the config" in block


async def test_timeout_node_keeps_its_node_doc(client: LanguageClient, workdir: Path) -> None:
    value = await hover_text(client, workdir, '<timeout id="slow"', 2)
    assert "time limit" in value
    closing = await hover_text(client, workdir, "</timeout>", 3, occurrence=1)
    assert "time limit" in closing


async def test_type_value_shows_the_runtime_docs(client: LanguageClient, workdir: Path) -> None:
    http = await hover_text(client, workdir, 'type="http"', 7)
    assert "**http** `<source>` runtime" in http and "`url` (required)" in http
    template = await hover_text(client, workdir, 'type="template"', 8)
    assert "**template** `<transform>` runtime" in template and "`template`" in template


@pytest.mark.parametrize(
    ("needle", "delta", "expected"),
    [
        ("url: https", 1, "Absolute http(s) URL of the request."),
        ("method: GET", 2, "GET, POST, PUT, PATCH or DELETE."),
        ("type: bearer", 1, "Authentication type: none, bearer, basic, oauth2 or api_key."),
        ("token: ", 2, "Bearer token"),
        ("type: bearer", 8, "Sends `Authorization: Bearer {token}`."),
    ],
)
async def test_key_value_config_lines(
    client: LanguageClient, workdir: Path, needle: str, delta: int, expected: str
) -> None:
    assert expected in await hover_text(client, workdir, needle, delta)


@pytest.mark.parametrize(
    ("needle", "delta", "expected"),
    [
        ("name: kv", 1, "Workflow name (required"),
        ("version:", 1, "Workflow version (required)"),
        ("description:", 1, "What the workflow does"),
        ("trigger:", 1, "How the workflow starts"),
        ("config:", 1, "Configuration fields"),
        ("secrets:", 1, "Names of the secrets"),
        ("{type: number", 2, "string, number, boolean, object or array"),
    ],
)
async def test_frontmatter_keys(client: LanguageClient, workdir: Path, needle: str, delta: int, expected: str) -> None:
    assert expected in await hover_text(client, workdir, needle, delta)
