"""``flowscript preview FILE NODE_ID``: run one node (and what it needs) and show the result.

Exit codes: 0 the node ran, 1 the node failed (error, timeout, cancelled), 2 usage error (bad arguments, unreadable
file, unknown node).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowscript preview",
        description="Execute one node of a .flow.md workflow (its upstream nodes run first) and show the result.",
    )
    parser.add_argument("file", type=Path, help="the .flow.md file")
    parser.add_argument("node_id", help="id of the node to preview")
    parser.add_argument("--json", action="store_true", help="print the result object as JSON")
    parser.add_argument(
        "--allow-side-effects",
        action="store_true",
        help="really perform writes (sinks, non-GET requests, write queries); by default they run dry",
    )
    parser.add_argument("--env-file", type=Path, help="a KEY=VALUE file for $secrets and $env (wins over all)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S", help="per-node timeout in seconds")
    parser.add_argument(
        "--workspace", type=Path, help="workspace root (result files, .env); default: the flow's folder"
    )
    parser.add_argument("--no-result-file", action="store_true", help="do not write .flowscript/preview/…")
    return parser


def _summary(result: dict[str, Any]) -> str:
    lines = [f"{result['nodeId']}: {result['status']} in {result['durationMs']:.0f} ms"]
    if result.get("dryRun"):
        lines[0] += " (dry run: no side effects)"
    for run in result.get("upstream", []):
        cached = ", cached" if run["cached"] else ""
        lines.append(f"  upstream {run['nodeId']}: {run['status']} ({run['durationMs']:.0f} ms{cached})")
    for entry in result.get("context", []):
        details = ", ".join(f"{k}={json.dumps(v)}" for k, v in entry.items() if k not in ("kind", "nodeId"))
        lines.append(f"  inside {entry['kind']} {entry.get('nodeId') or ''}: {details}".rstrip())
    if "error" in result:
        lines.append(f"error {result['error']['code']}: {result['error']['message']}")
    else:
        output = json.dumps(result.get("output"), ensure_ascii=False, indent=2)
        lines.append("output:" + ("\n" + output if "\n" in output else " " + output))
        if result.get("truncated"):
            lines.append("(output truncated)")
    if result.get("resultPath"):
        lines.append(f"result: {result['resultPath']}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    if not args.timeout > 0:
        parser.print_usage(sys.stderr)
        sys.stderr.write("flowscript preview: error: --timeout must be a positive number of seconds\n")
        return 2
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"flowscript preview: error: cannot read {args.file}: {exc}\n")
        return 2
    if args.env_file is not None and not args.env_file.is_file():
        sys.stderr.write(f"flowscript preview: error: env file not found: {args.env_file}\n")
        return 2

    from server.preview.engine import PreviewEngine, PreviewUsageError
    from server.preview.options import PreviewOptions

    options = PreviewOptions(
        allow_side_effects=args.allow_side_effects,
        timeout_s=args.timeout,
        workspace_root=args.workspace.resolve() if args.workspace is not None else None,
        env_file=args.env_file,
        write_result=not args.no_result_file,
    )
    engine = PreviewEngine(options)
    try:
        result = engine.preview_sync(text, args.file.resolve(), args.node_id)
    except PreviewUsageError as exc:
        sys.stderr.write(f"flowscript preview: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("flowscript preview: interrupted\n")
        return 1
    payload = result.to_json()
    if args.json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.write(_summary(payload))
    return 0 if result.ok else 1
