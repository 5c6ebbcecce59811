"""The hash behind the lint cache keys and the configuration fingerprint: BLAKE2b from the interpreter's builtin
module. ``hashlib`` would load OpenSSL's first, several milliseconds of a one-file lint."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

__all__ = ["blake2b"]
