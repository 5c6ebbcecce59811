"""A recogniser for the plain shapes of JMESPath, so that checking a typical ``extract`` needs no import of the
``jmespath`` library (which pulls in ``inspect`` and friends: about a fifth of a one-file lint).

:func:`certainly_valid` answers True only for expressions made of identifiers, ``*``, ``@``, sub-expressions,
index and flatten brackets (``[0]``, ``[-1]``, ``[*]``, ``[]``), multi-select lists and hashes and pipes, in the
arrangements the JMESPath grammar allows; for anything else (quoted names, literals, filters, slices, functions,
comparisons...) it answers False and the caller asks the library. A property test checks that every expression it
accepts compiles in ``jmespath``.
"""

from __future__ import annotations

from runtimes.lazyre import lazy_compile

__all__ = ["certainly_valid"]

_TOKEN = lazy_compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(-?[0-9]+)|([.\[\]{}:,|*@]))")
_MAX_DEPTH = 16


class _Unsure(Exception):
    """Not one of the plain shapes (which does not mean invalid)."""


def certainly_valid(expression: str) -> bool:
    tokens = _tokens(expression)
    if tokens is None or not tokens:
        return False
    reader = _Reader(tokens)
    try:
        reader.pipe(0)
    except _Unsure:
        return False
    return reader.at_end()


def _tokens(text: str) -> list[str] | None:
    """``ident`` for identifiers, ``int`` for integers, else the punctuation itself; None for anything else."""
    out: list[str] = []
    position = 0
    end = len(text.rstrip())
    while position < end:
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        if match.group(3) == "]" and out and out[-1] == "[" and match.start(3) != position:
            return None  # "[ ]" is not the flatten token "[]" (JMESPath rejects it)
        out.append("ident" if match.group(1) else "int" if match.group(2) else match.group(3))
        position = match.end()
    return out


class _Reader:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.index = 0

    def at_end(self) -> bool:
        return self.index == len(self.tokens)

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, token: str) -> None:
        if self.peek() != token:
            raise _Unsure
        self.index += 1

    def pipe(self, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise _Unsure
        self.chain(depth)
        while self.peek() == "|":
            self.index += 1
            self.chain(depth)

    def chain(self, depth: int) -> None:
        token = self.peek()
        if token in ("ident", "*", "@"):
            self.index += 1
        elif token == "{":
            self.hash(depth)
        elif token == "[":
            if not self.bracket():
                self.list(depth)
        else:
            raise _Unsure
        while True:
            token = self.peek()
            if token == ".":
                self.index += 1
                after = self.peek()
                if after in ("ident", "*"):
                    self.index += 1
                elif after == "{":
                    self.hash(depth)
                elif after == "[":
                    self.list(depth)
                else:
                    raise _Unsure
            elif token == "[":
                if not self.bracket():
                    raise _Unsure
            else:
                return

    def bracket(self) -> bool:
        """``[n]``, ``[-n]``, ``[*]`` or ``[]`` at the reader (consumed); False, nothing consumed, for anything else."""
        tokens, i = self.tokens, self.index
        if i + 1 < len(tokens) and tokens[i + 1] == "]":
            self.index += 2
            return True
        if i + 2 < len(tokens) and tokens[i + 1] in ("int", "*") and tokens[i + 2] == "]":
            self.index += 3
            return True
        return False

    def list(self, depth: int) -> None:
        self.take("[")
        self.pipe(depth + 1)
        while self.peek() == ",":
            self.index += 1
            self.pipe(depth + 1)
        self.take("]")

    def hash(self, depth: int) -> None:
        self.take("{")
        while True:
            self.take("ident")
            self.take(":")
            self.pipe(depth + 1)
            if self.peek() != ",":
                break
            self.index += 1
        self.take("}")
