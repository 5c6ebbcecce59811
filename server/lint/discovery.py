"""Which files ``flowscript lint`` checks, in which order, under which displayed path (DIAGNOSTICS.md §5.2).

A folder is searched recursively for ``*.flow.md`` files, skipping ``*.test.flow.md``, folders whose name starts with
``.``, ``node_modules`` and paths matched by an ``exclude`` setting. Inside a git work tree (a ``.git`` folder or file
in the folder or one of its ancestors) paths ignored by ``.gitignore`` files are skipped too (those inside the
searched folder and those of its parent folders up to the work tree root, plus ``.git/info/exclude``); outside one,
``.gitignore`` files mean nothing to git and only the DIAGNOSTICS.md §5.2 rules apply. A file given explicitly is
linted whatever its name. Arguments are handled in the order given, a folder's files sorted by their relative POSIX
path; a file reached twice is linted once, at its first position.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from runtimes.records import record
from server.config import ConfigError, ConfigLoader, FlowscriptConfig
from server.lint.gitignore import IgnorePattern, match, parse_gitignore
from server.lint.model import Target, UsageError

__all__ = ["discover"]

SUFFIX = ".flow.md"
TEST_SUFFIX = ".test.flow.md"
_GLOB_CHARS = frozenset("*?[")


@record
class _IgnoreLayer:
    """Patterns of one ignore file. A path relative to the walk root is made relative to the file's folder by
    dropping ``strip`` characters and prepending ``head`` (for ignore files above the walk root)."""

    patterns: tuple[IgnorePattern, ...]
    strip: int = 0
    head: str = ""


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def display_path(abs_path: str, cwd: str) -> str:
    """A found file's displayed path: relative to ``cwd`` (POSIX, no ``./``), or absolute when outside it."""
    rel = os.path.relpath(abs_path, cwd)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return _posix(abs_path)
    return _posix(rel)


def _read_ignore_file(path: str) -> tuple[IgnorePattern, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return parse_gitignore(handle.read())
    except OSError:
        return ()


def _git_root(start: str) -> str | None:
    current = start
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _ancestor_layers(root: str) -> list[_IgnoreLayer]:
    """``.gitignore`` files of the folders above ``root`` up to the git work tree root (plus ``.git/info/exclude``)."""
    git_root = _git_root(root)
    if git_root is None or git_root == root:
        info = () if git_root is None else _read_ignore_file(os.path.join(git_root, ".git", "info", "exclude"))
        return [_IgnoreLayer(info)] if info else []
    layers: list[_IgnoreLayer] = []
    info = _read_ignore_file(os.path.join(git_root, ".git", "info", "exclude"))
    if info:
        layers.append(_IgnoreLayer(info, head=_posix(os.path.relpath(root, git_root)) + "/"))
    folder = git_root
    for part in _posix(os.path.relpath(root, git_root)).split("/"):
        patterns = _read_ignore_file(os.path.join(folder, ".gitignore"))
        if patterns:
            layers.append(_IgnoreLayer(patterns, head=_posix(os.path.relpath(root, folder)) + "/"))
        folder = os.path.join(folder, part)
    return layers


class _Walker:
    def __init__(self, cwd: str, configs: ConfigLoader, extra_exclude: tuple[IgnorePattern, ...], gitignore: bool):
        self.cwd = cwd
        self.configs = configs
        self.extra_exclude = extra_exclude
        self.gitignore = gitignore

    def _config(self, folder: str) -> FlowscriptConfig:
        try:
            return self.configs.for_dir(folder)
        except ConfigError as exc:
            raise UsageError(str(exc)) from exc

    def _ignored(
        self, abs_path: str, rel: str, is_dir: bool, layers: Sequence[_IgnoreLayer], config: FlowscriptConfig
    ) -> bool:
        # the deepest ignore file that says something about the path decides (gitignore(5) precedence)
        for layer in reversed(layers):
            decision = match(layer.patterns, layer.head + rel[layer.strip :], is_dir)
            if decision is not None:
                if decision:
                    return True
                break
        if self.extra_exclude:
            rel_cwd = os.path.relpath(abs_path, self.cwd)
            if not rel_cwd.startswith(os.pardir) and match(self.extra_exclude, _posix(rel_cwd), is_dir):
                return True
        return bool(config.exclude_patterns) and config.is_excluded(Path(abs_path), is_dir)

    def walk(self, root: str) -> list[tuple[str, str, bool]]:
        """``(relative POSIX path, absolute path, is a symlink)`` of every file to lint under ``root``, unsorted."""
        found: list[tuple[str, str, bool]] = []
        in_git = self.gitignore and _git_root(root) is not None
        self._walk(root, "", _ancestor_layers(root) if in_git else [], found, in_git)
        return found

    def _walk(
        self,
        folder: str,
        prefix: str,
        layers: list[_IgnoreLayer],
        found: list[tuple[str, str, bool]],
        in_git: bool,
    ) -> None:
        if self.gitignore and not in_git and os.path.exists(os.path.join(folder, ".git")):
            in_git = True  # a nested work tree: its own .gitignore files apply from here down
        if in_git:
            own = _read_ignore_file(os.path.join(folder, ".gitignore"))
            if own:
                layers = [*layers, _IgnoreLayer(own, strip=len(prefix))]
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        config = self._config(folder)
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False  # e.g. a symlink loop: reported as unreadable if it is a *.flow.md
            rel = prefix + name
            if is_dir:
                if name.startswith(".") or name == "node_modules":
                    continue
                if not self._ignored(entry.path, rel, True, layers, config):
                    self._walk(entry.path, rel + "/", layers, found, in_git)
            elif (
                name.endswith(SUFFIX)
                and not name.endswith(TEST_SUFFIX)
                and not self._ignored(entry.path, rel, False, layers, config)
            ):
                try:
                    link = entry.is_symlink()
                except OSError:
                    link = True
                found.append((rel, entry.path, link))


def _expand(arg: str, cwd: str) -> list[str]:
    """Shell-style glob expansion for arguments that contain ``*``, ``?`` or ``[`` and do not name a real path."""
    if not _GLOB_CHARS.intersection(arg) or os.path.lexists(os.path.join(cwd, arg)):
        return [arg]
    import glob

    matches = sorted(glob.glob(arg, root_dir=cwd, recursive=True))
    if not matches:
        raise UsageError(f"no match for pattern: {arg}")
    return matches


def discover(
    args: Sequence[str],
    cwd: str,
    configs: ConfigLoader,
    extra_exclude: tuple[IgnorePattern, ...] = (),
    gitignore: bool = True,
) -> list[Target]:
    """The files to lint, in order, deduplicated. Raises UsageError for a path that does not exist."""
    walker = _Walker(cwd, configs, extra_exclude, gitignore)
    seen: set[str] = set()
    targets: list[Target] = []
    for raw in args or ["."]:
        for arg in _expand(raw, cwd):
            abs_path = os.path.normpath(os.path.join(cwd, arg))
            if not os.path.exists(abs_path):
                raise UsageError(f"path does not exist: {arg}")
            if os.path.isdir(abs_path):
                found = walker.walk(abs_path)
                found.sort(key=lambda item: item[0])
                root_real = os.path.realpath(abs_path)
                for rel, path, link in found:
                    key = os.path.realpath(path) if link else os.path.join(root_real, rel)
                    if key not in seen:
                        seen.add(key)
                        # Per file: a folder argument such as ".." holds files both inside the current directory
                        # (shown relative) and outside it (shown absolute).
                        shown = display_path(os.path.normpath(os.path.join(abs_path, rel)), cwd)
                        targets.append(Target(shown, Path(path)))
            else:
                key = os.path.realpath(abs_path)
                if key not in seen:
                    seen.add(key)
                    targets.append(Target(arg.replace("\\", "/"), Path(abs_path)))
    return targets
