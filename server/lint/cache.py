"""The lint result cache: one small JSON file per analysed file under ``.flowscript/cache`` (safe to delete).

An entry's key hashes everything the analysis depends on: the file's bytes, its absolute path and path-confinement
base, the configuration fingerprint, the tool version, a fingerprint of the installed analysis code (so an editable
install never serves stale results), and whether each workflow named by an ``<include>``/``<call>`` exists. Entries
are written atomically (temporary file + rename), so concurrent runs are safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path

from server.diagnostics import Diagnostic, Fix, Related, TextEdit
from server.digest import blake2b as _hash
from server.lint.model import Analysis, SuppressedDiagnostic

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["CACHE_DIR", "Cache", "code_fingerprint"]

CACHE_DIR = Path(".flowscript", "cache")
_SCHEMA = "1"
_WORKFLOW_ATTR = re.compile(r"""\bworkflow\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_code_fingerprint: str | None = None


def code_fingerprint() -> str:
    """Names, sizes and modification times of the ``server`` and ``runtimes`` sources."""
    global _code_fingerprint
    if _code_fingerprint is None:
        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        lines = []
        folders = [os.path.join(here, "server"), os.path.join(here, "runtimes")]
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        st = entry.stat()
                        lines.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}")
                    elif entry.name != "__pycache__" and entry.is_dir():
                        folders.append(entry.path)
        lines.sort()
        _code_fingerprint = _hash("\n".join(lines).encode(), digest_size=8).hexdigest()
    return _code_fingerprint


def _workflow_refs(text: str, path: Path | None) -> str:
    if path is None or ("<include" not in text and "<call" not in text):
        return ""
    folder = path.parent
    found = []
    for match in _WORKFLOW_ATTR.finditer(text):
        ref = match.group(1) if match.group(1) is not None else match.group(2)
        found.append(f"{ref}={int(os.path.isfile(folder / ref))}")
    return ";".join(found)


# -- (de)serialisation ------------------------------------------------------------------------------------------------


def _dump_diag(d: Diagnostic) -> list[Any]:
    return [
        d.code,
        d.severity,
        d.message,
        d.start,
        d.end,
        list(d.hints),
        [[r.message, r.start, r.end] for r in d.related],
        [[f.title, f.safe, [[e.start, e.end, e.new_text] for e in f.edits]] for f in d.fixes],
        d.source,
    ]


def _load_diag(item: list[Any]) -> Diagnostic:
    code, severity, message, start, end, hints, related, fixes, source = item
    return Diagnostic(
        code=code,
        severity=severity,
        message=message,
        start=start,
        end=end,
        hints=tuple(hints),
        related=tuple(Related(m, s, e) for m, s, e in related),
        fixes=tuple(Fix(title, tuple(TextEdit(s, e, t) for s, e, t in edits), safe) for title, safe, edits in fixes),
        source=source,
    )


def dump_analysis(analysis: Analysis) -> dict[str, Any]:
    return {
        "diagnostics": [_dump_diag(d) for d in analysis.diagnostics],
        "suppressed": [[_dump_diag(s.diagnostic), s.kind, s.reason] for s in analysis.suppressed],
    }


def load_analysis(data: dict[str, Any]) -> Analysis:
    return Analysis(
        diagnostics=tuple(_load_diag(d) for d in data["diagnostics"]),
        suppressed=tuple(SuppressedDiagnostic(_load_diag(d), kind, reason) for d, kind, reason in data["suppressed"]),
    )


class Cache:
    """Content-addressed analysis results."""

    def __init__(self, directory: Path, version: str | None = None, analyzer: str = "") -> None:
        import server

        self.directory = directory
        self.version = server.__version__ if version is None else version
        self.analyzer = analyzer
        """Which analysis produced the entries (an injected analyzer never shares entries with the real one)."""
        self.hits = 0
        self.misses = 0
        self._prefix: str | None = None

    def key(self, data: bytes, text: str, path: Path | None, base_dir: Path | None, path_base: str, config: str) -> str:
        if self._prefix is None:
            self._prefix = f"{_SCHEMA}\0{self.version}\0{code_fingerprint()}\0{self.analyzer}\0"
        digest = _hash(digest_size=32)
        meta = f"{self._prefix}{config}\0{path}\0{path_base}\0{base_dir}\0{_workflow_refs(text, path)}\0"
        digest.update(meta.encode("utf-8", "surrogatepass"))
        digest.update(data)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> Analysis | None:
        try:
            with open(self._file(key), encoding="utf-8") as handle:
                analysis = load_analysis(json.load(handle))
        except (OSError, ValueError, TypeError, KeyError):
            self.misses += 1
            return None
        self.hits += 1
        return analysis

    def put(self, key: str, analysis: Analysis) -> None:
        target = self._file(key)
        try:
            if not self.directory.is_dir():
                self.directory.mkdir(parents=True, exist_ok=True)
                (self.directory / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# flowscript lint cache; safe to delete\n",
                    encoding="utf-8",
                )
            target.parent.mkdir(exist_ok=True)
            tmp = f"{target}.{os.getpid()}.tmp"
            handle = open(tmp, "w", encoding="utf-8")  # noqa: SIM115 - closed by the with below
        except OSError:
            return  # a cache that cannot be written is only slower
        try:
            with handle:
                json.dump(dump_analysis(analysis), handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
