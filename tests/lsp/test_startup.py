"""The server answers ``initialize`` without the analysis core: creating it imports only pygls, lsprotocol and the
feature registration (the core, pydantic and the preview engine load when the first document needs them)."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = ("server.syntax", "server.checks", "server.config", "server.preview", "runtimes", "pydantic")

PROBE = """
import json, sys
from server.lsp.server import create_server
create_server()
print(json.dumps(sorted(sys.modules)))
"""


def test_creating_the_server_imports_no_analysis_core() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True).stdout
    modules: list[str] = json.loads(out)
    loaded = [name for name in modules if any(name == root or name.startswith(root + ".") for root in CORE)]
    assert loaded == []
