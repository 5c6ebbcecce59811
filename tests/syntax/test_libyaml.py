"""The lean PyYAML load (server.syntax.libyaml): same parse results as a full ``import yaml``, and PyYAML still works
completely afterwards. Each case runs in a fresh interpreter (the test process has imported PyYAML long ago)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_LINT_ALL = """
import json, sys
from pathlib import Path
{prelude}
from server.syntax import parse_document
from server.syntax import libyaml
out = []
for path in sorted(Path(sys.argv[1]).glob("**/*.flow.md")):
    doc = parse_document(path.read_text(encoding="utf-8"))
    out.append([path.name, repr(doc.frontmatter), [repr(d) for d in doc.diagnostics]])
control = parse_document("---\\nname: a\\x01b\\n---\\n<workflow/>")
out.append(["\\x01 in a value", [repr(d) for d in control.diagnostics]])
print(json.dumps({{"lean": libyaml.load().lean, "reader": "yaml.reader" in sys.modules, "out": out}}))
"""


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_lean_load_parses_every_example_and_case_exactly_like_full_pyyaml() -> None:
    for folder in (ROOT / "examples", ROOT / "tests" / "golden" / "cases"):
        lean = json.loads(_run(_LINT_ALL.format(prelude=""), str(folder)))
        full = json.loads(_run(_LINT_ALL.format(prelude="import yaml"), str(folder)))
        assert lean["lean"] is True and lean["reader"] is False  # the costly part of PyYAML was not imported
        assert full["lean"] is False
        assert len(lean["out"]) > 10
        assert lean["out"] == full["out"]


def test_pyyaml_works_completely_after_the_lean_load() -> None:
    script = """
import sys
from server.syntax import libyaml
lib = libyaml.load()
assert lib.lean and "yaml.loader" not in sys.modules and "yaml.reader" not in sys.modules
import yaml
assert yaml.safe_load("a: [1, 2]") == {"a": [1, 2]}
assert yaml.dump({"x": 1}) == "x: 1\\n"
assert yaml.compose("a: 1", Loader=yaml.CSafeLoader).value[0][1].value == "1"
assert yaml.cyaml.CParser is lib.CParser and yaml.ScalarNode is lib.ScalarNode
assert yaml.reader.Reader and yaml.error.YAMLError is lib.YAMLError
from yaml import CSafeLoader, SafeLoader
for loader in (CSafeLoader, SafeLoader):
    for bad in ("a: \\x01", "a: [", "a: b: c"):
        try:
            yaml.load(bad, Loader=loader)
        except yaml.YAMLError as exc:
            assert str(exc)
        else:
            raise AssertionError(bad)
print("ok")
"""
    assert _run(script).strip() == "ok"


def test_an_already_imported_pyyaml_is_used_as_it_is() -> None:
    script = """
import yaml
from server.syntax import libyaml
lib = libyaml.load()
assert not lib.lean and lib.CParser is yaml.cyaml.CParser
print("ok")
"""
    assert _run(script).strip() == "ok"


def test_threads_that_parse_and_import_pyyaml_at_once_all_succeed() -> None:
    """The language server parses from worker threads while the preview may ``import yaml``: whichever comes first,
    every thread gets a working parser or a complete PyYAML."""
    script = """
import threading
from server.syntax import parse_document
start = threading.Barrier(8)
errors = []

def parse():
    start.wait()
    try:
        doc = parse_document("---\\nname: a\\nversion: 1.0.0\\n---\\n<workflow></workflow>\\n")
        assert doc.frontmatter is not None and doc.frontmatter.name == "a", doc.diagnostics
    except BaseException as exc:
        errors.append(repr(exc))

def full():
    start.wait()
    try:
        import yaml
        assert yaml.safe_load("a: [1]") == {"a": [1]} and yaml.ScalarNode
    except BaseException as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=parse if i % 2 else full) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(errors or "ok")
"""
    for _ in range(6):
        assert _run(script).strip() == "ok"


def test_the_lean_load_holds_the_import_lock_so_no_import_of_yaml_starts_beside_it() -> None:
    """A plain ``import yaml`` started in another thread while the lean load had its stand-in ``yaml.reader`` in
    ``sys.modules`` imported the stand-in (NameError: 'Reader'), about once in forty runs of the test above. The lean
    load now holds the interpreter's import lock, which an import needs to start."""
    script = """
import _imp
import importlib
seen = []
original = importlib.import_module

def watching(name, package=None):
    if name.startswith("yaml."):
        seen.append((name, _imp.lock_held()))
    return original(name, package)

importlib.import_module = watching
from server.syntax import libyaml
assert libyaml.load().lean
print(all(held for _, held in seen) and len(seen) >= 8)
"""
    assert _run(script).strip() == "True"
