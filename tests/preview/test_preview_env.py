"""``.env`` parsing, where ``$secrets`` / ``$env`` come from, and the redactor."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.preview import REDACTED, Redactor
from server.preview.envfile import load_environment, parse_env_text
from tests.preview.preview_helpers import engine, run, write_flow


def test_env_file_syntax() -> None:
    text = """
# a comment
export A=1
B = two words   # trailing comment
C="quoted # not a comment\\nnext"
D='single $literal \\n'
E=
not an assignment
F=a#b
B=later wins
"""
    assert parse_env_text(text) == {
        "A": "1",
        "B": "later wins",
        "C": "quoted # not a comment\nnext",
        "D": "single $literal \\n",
        "E": "",
        "F": "a#b",
    }


def test_precedence(tmp_path: Path) -> None:
    root = tmp_path
    flows = root / "flows"
    flows.mkdir()
    (root / ".env").write_text("X=root\nY=root\nZ=root\nW=root\n", encoding="utf-8")
    (flows / ".env").write_text("Y=flow\nZ=flow\nW=flow\n", encoding="utf-8")
    explicit = root / "explicit.env"
    explicit.write_text("W=explicit\n", encoding="utf-8")
    process = {"Z": "process", "W": "process"}
    env = load_environment(flows / "a.flow.md", root, None, process)
    assert (env["X"], env["Y"], env["Z"], env["W"]) == ("root", "flow", "process", "process")
    env = load_environment(flows / "a.flow.md", root, explicit, process)
    assert env["W"] == "explicit"
    with pytest.raises(OSError):
        load_environment(None, None, root / "missing.env", {})


async def test_secrets_come_from_a_dotenv_beside_the_flow_and_only_when_declared(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('TOKEN="abc123xyz"\nOTHER=visible\n', encoding="utf-8")
    text = """---
name: s
secrets: [TOKEN]
---
<workflow>
  <set id="v" var="v" value="{{ $secrets.TOKEN }}|{{ $secrets.OTHER }}|{{ $env.OTHER }}|{{ len($env.TOKEN) }}"/>
</workflow>
"""
    path = write_flow(tmp_path, text, "s.flow.md")
    result = await run(engine(tmp_path, environ={}), path, "v")
    assert result.status == "ok", result.error_message
    assert result.output == f"{REDACTED}||visible|9"


def test_redactor_forms() -> None:
    redactor = Redactor(["p@ss word", "", "x"])
    assert redactor.text("a p@ss word b") == f"a {REDACTED} b"
    assert redactor.text("q=p%40ss%20word&r=p%40ss+word") == f"q={REDACTED}&r={REDACTED}"
    nested = {"p@ss word": [{"deep": ["p@ss word!"]}], "n": 1}
    assert redactor.value(nested) == {REDACTED: [{"deep": [f"{REDACTED}!"]}], "n": 1}
    assert not Redactor([""])


def test_lazy_runtime_lookup_agrees_with_the_registry() -> None:
    from runtimes.registry import runtime_registry
    from server.preview.runtime_lookup import builtin_runtime

    for key in runtime_registry.list():
        assert builtin_runtime(key) is runtime_registry.get(key), key
    assert builtin_runtime("nope:source") is None
    assert builtin_runtime("transform:nope") is None


def test_base64_forms_are_redacted_at_every_alignment() -> None:
    import base64

    secret = "correct-horse-battery"
    redactor = Redactor([secret])
    for user in ("", "a", "ab", "abc"):
        header = "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
        redacted = redactor.text(header)
        assert REDACTED in redacted
        decoded_tail = base64.b64encode(secret.encode()).decode()[2:-2]
        assert decoded_tail not in redacted
    assert Redactor(["short"]).text(base64.b64encode(b"short").decode()) == base64.b64encode(b"short").decode()
