"""File formats of the file runtimes (RUNTIMES.md §6.3, §6.4): detection, reading and writing.

Reading returns JSON-compatible values; writing returns text (encoded as UTF-8 without BOM by the sink).
"""

from __future__ import annotations

from collections.abc import Mapping

from runtimes.expressions.values import UNDEFINED, json_encode, to_string

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

__all__ = [
    "FORMATS",
    "Format",
    "detect_format",
    "parse_csv",
    "parse_json",
    "read_content",
    "to_csv",
    "to_jsonable",
    "write_content",
]

Format: TypeAlias = 'Literal["json", "text", "csv", "yaml"]'
FORMATS = ("json", "text", "csv", "yaml", "auto")

_BY_EXTENSION: Mapping[str, Format] = {".json": "json", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}


def detect_format(path: str, requested: str) -> Format:
    """``requested`` unless it is ``auto``: then by extension, case-insensitive (default text)."""
    if requested != "auto":
        return requested  # type: ignore[return-value]  # validated against FORMATS by the caller
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot:], "text") if dot > 0 else "text"


# ---------------------------------------------------------------------------------------------------------------------
# Reading


def _split_fields(line: str) -> list[str]:
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if c == '"':
            if quoted and i + 1 < n and line[i + 1] == '"':
                current.append('"')
                i += 2
                continue
            quoted = not quoted
        elif c == "," and not quoted:
            fields.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    fields.append("".join(current))
    return fields


def parse_csv(text: str) -> list[dict[str, str]]:
    """CSV of RUNTIMES.md §6.3: header line, string values, no line breaks inside fields."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        return []
    header = _split_fields(lines[0])
    rows: list[dict[str, str]] = []
    for line in lines[1:]:
        fields = _split_fields(line)
        if fields == [""]:
            continue
        rows.append({name: (fields[j] if j < len(fields) else "") for j, name in enumerate(header)})
    return rows


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(text: str) -> Any:
    """Strict JSON (no NaN/Infinity). Raises ValueError."""
    import json

    return json.loads(text, parse_constant=_reject_constant)


def to_jsonable(value: Any) -> Any:
    """Make a YAML value JSON-compatible: string keys, bytes as base64, sets as lists. ``.inf``/``-.inf``/``.nan``
    stay floats (YAML 1.2 core, LANGUAGE.md §3.1), as the YAML sink writes them; JSON output encodes them as null."""
    if isinstance(value, Mapping):
        return {k if isinstance(k, str) else to_string(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def read_content(text: str, fmt: Format) -> Any:
    """Parse ``text`` in ``fmt``. Raises ValueError (json) or ``yaml.YAMLError`` (yaml)."""
    if fmt == "json":
        return parse_json(text)
    if fmt == "csv":
        return parse_csv(text)
    if fmt == "yaml":
        from runtimes.file.yaml12 import load_yaml

        return to_jsonable(load_yaml(text))
    return text


# ---------------------------------------------------------------------------------------------------------------------
# Writing


def _json_text(value: Any, pretty: bool) -> str:
    encoded = json_encode(value, 2 if pretty else None)
    return encoded if isinstance(encoded, str) else "null"


def _csv_field(value: Any) -> str:
    if value is None or value is UNDEFINED:
        text = ""
    elif isinstance(value, list | tuple | Mapping):
        text = _json_text(value, False)
    else:
        text = to_string(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(value: Any) -> str:
    """CSV of RUNTIMES.md §6.4: header from the first object's keys; lines joined by ``\\n``, no final newline."""
    if not isinstance(value, list | tuple) or not value or not isinstance(value[0], Mapping):
        return ""
    header = [str(key) for key in value[0]]
    lines = [",".join(_csv_field(name) for name in header)]
    for item in value:
        row = item if isinstance(item, Mapping) else {}
        lines.append(",".join(_csv_field(row.get(name)) for name in header))
    return "\n".join(lines)


def _plain(value: Any) -> Any:
    """Values for the YAML writer: UNDEFINED as null, tuples as lists, non-string keys as text."""
    if value is UNDEFINED:
        return None
    if isinstance(value, Mapping):
        return {k if isinstance(k, str) else to_string(k): _plain(v) for k, v in value.items() if v is not UNDEFINED}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return to_string(value)


def write_content(value: Any, fmt: Format, pretty: bool) -> str:
    """The text a file sink writes for ``value``."""
    if fmt == "json":
        return _json_text(value, pretty)
    if fmt == "text":
        return value if isinstance(value, str) else _json_text(value, pretty)
    if fmt == "csv":
        return to_csv(value)
    from runtimes.file.yaml12 import dump_yaml

    return dump_yaml(_plain(value))
