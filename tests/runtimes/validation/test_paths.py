from __future__ import annotations

import os
from pathlib import Path

import pytest

from runtimes.base import ValidateContext
from runtimes.errors import PathTraversalError, RuntimeErrorCode
from runtimes.validation.paths import check_path, check_static_path, confine, percent_decode

BASE = "/srv/flows"

ALLOWED = [
    ".",
    "./",
    "a/../b",
    "a/..",
    "sub/./../ok.txt",
    "a//b",
    "....//x",
    "~/x",
    "../flows/x",
    "/srv/flows",
    "/srv/flows/x",
    "C:foo",
    "%E0%A4%A",
    "..%252f..%252fetc",
    "data/x.json",
]

BLOCKED = [
    ("..", "resolves outside /srv/flows"),
    ("../../../etc/passwd", "resolves outside /srv/flows"),
    ("foo/../../bar", "resolves outside /srv/flows"),
    ("../flowsX/a", "resolves outside /srv/flows"),
    ("/srv/flowsX/a", "resolves outside /srv/flows"),
    ("/etc/passwd", "resolves outside /srv/flows"),
    ("/tmp/other/file.txt", "resolves outside /srv/flows"),
    ("c:/x", "is a Windows drive path"),
    ("C:\\x", "is a Windows drive path"),
    ("C:\\Windows\\System32\\config", "is a Windows drive path"),
    ("D:/data/file.txt", "is a Windows drive path"),
    ("%2e%2e/x", "resolves outside /srv/flows"),
    ("..%2F..%2Fetc%2Fpasswd", "resolves outside /srv/flows"),
    ("foo%2F..%2F..%2Fbar", "resolves outside /srv/flows"),
    ("..%5c..%5cetc", "resolves outside /srv/flows"),
    ("%E0%A4%A/../..", "resolves outside /srv/flows"),
    ("\\\\server\\share", "is a UNC path"),
    ("//server/share", "is a UNC path"),
    ("..\\..\\etc\\passwd", "resolves outside /srv/flows"),
    ("a\0b", "contains a NUL byte"),
    ("\0", "contains a NUL byte"),
    ("%00", "contains a NUL byte"),
    ("file.txt\0.jpg", "contains a NUL byte"),
]


@pytest.mark.parametrize("path", ALLOWED)
def test_allowed(path: str) -> None:
    assert check_path(path, BASE) is None


@pytest.mark.parametrize(("path", "reason"), BLOCKED)
def test_blocked(path: str, reason: str) -> None:
    assert check_path(path, BASE) == reason


def test_percent_decode_once_and_malformed() -> None:
    assert percent_decode("%2e%2e") == ".."
    assert percent_decode("..%252f") == "..%2f"
    assert percent_decode("%E0%A4%A") == "%E0%A4%A"
    assert percent_decode("%ff") == "%ff"  # not UTF-8: kept undecoded
    assert percent_decode("caf%C3%A9") == "café"


def test_relative_to_another_folder_keeps_the_base() -> None:
    assert check_path("../x.flow.md", BASE, relative_to=BASE + "/sub") is None
    assert check_path("../../x.flow.md", BASE, relative_to=BASE + "/sub") == "resolves outside /srv/flows"


# --- static use --------------------------------------------------------------------------------------------------


def ctx(**defaults: object) -> ValidateContext:
    return ValidateContext(workflow_dir=Path(BASE), base_dir=Path(BASE), config_defaults=defaults)


def test_static_literal_blocked() -> None:
    issues = check_static_path("../secret.json", ("path",), ctx())
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.code, issue.severity, issue.message, issue.path, issue.span) == (
        "RUNTIME_PATH_TRAVERSAL",
        "error",
        "Path traversal not allowed: ../secret.json",
        ("path",),
        None,
    )
    assert issue.hints == ("The path resolves outside /srv/flows",)


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("a\0b", "NUL bytes are not allowed"),
        ("C:/x", "Windows drive paths are not allowed"),
        ("//s/x", "UNC paths are not allowed"),
    ],
)
def test_static_reason_hints(value: str, hint: str) -> None:
    assert check_static_path(value, ("path",), ctx())[0].hints == (hint,)


def test_dynamic_template_checked_with_placeholders() -> None:
    assert check_static_path("data/{{name}}.json", ("path",), ctx()) == []
    blocked = check_static_path("../{{name}}.json", ("path",), ctx())
    assert [i.message for i in blocked] == ["Path traversal not allowed: ../{{name}}.json"]


def test_static_config_default_allowed() -> None:
    assert check_static_path("{{$config.out}}/x.json", ("path",), ctx(out="./out")) == []


def test_static_config_default_blocked_points_at_the_segment() -> None:
    issues = check_static_path("{{$config.out}}/x.json", ("path",), ctx(out="../../etc"))
    assert len(issues) == 1
    assert issues[0].span == (0, 15)
    assert issues[0].hints == (
        "The path resolves outside /srv/flows",
        'With $config.out = "../../etc" (its default) the path is /etc/x.json',
    )


def test_no_static_check_without_base() -> None:
    assert check_static_path("../x", ("path",), ValidateContext(workflow_dir=None, base_dir=None)) == []


def test_sub_span_offset() -> None:
    issues = check_static_path("../x.db", ("connection",), ctx(), span_offset=7)
    assert issues[0].span == (7, 14)


# --- run time ----------------------------------------------------------------------------------------------------


def test_confine_allows_inside(tmp_path: Path) -> None:
    assert confine("data/x.json", tmp_path) == tmp_path / "data/x.json"
    assert confine(str(tmp_path / "y.txt"), tmp_path) == tmp_path / "y.txt"


def test_confine_blocks_lexical_escape(tmp_path: Path) -> None:
    with pytest.raises(PathTraversalError) as info:
        confine("../x.json", tmp_path)
    assert info.value.code is RuntimeErrorCode.RUNTIME_PATH_TRAVERSAL
    assert info.value.message == "Path traversal not allowed: ../x.json"
    assert info.value.reason is not None and info.value.reason.startswith("The path resolves outside")


def test_confine_blocks_symlink_escape(tmp_path: Path) -> None:
    base = tmp_path / "base"
    outside = tmp_path / "outside"
    base.mkdir()
    outside.mkdir()
    os.symlink(outside, base / "link")
    with pytest.raises(PathTraversalError):
        confine("link/x.json", base)
    with pytest.raises(PathTraversalError):
        confine("link/new/deeper/x.json", base)


def test_confine_allows_symlink_inside(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "alias")
    # the real path that was checked is the one used
    assert confine("alias/x.json", tmp_path) == Path(os.path.realpath(tmp_path / "real/x.json"))


def test_confine_with_symlinked_base(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "base")
    assert confine("x.json", tmp_path / "base") == Path(os.path.realpath(tmp_path / "real/x.json"))
