"""Expression parser (EXPRESSIONS.md §4): recursive descent for nesting, operator precedence by an explicit stack.

``parse_expression(source)`` returns the AST or raises ``ExprSyntaxError`` with the message and the exact offending
token range of §4.4 (at end of input: the last non-blank character). It raises nothing else: Python recursion is
bounded by the nesting limit (each nesting level costs a handful of frames; binary operator chains and prefix
operators are parsed iteratively). User text is never handed to Python's ``eval``/``ast``.
"""

from __future__ import annotations

from functools import lru_cache

from runtimes.expressions.ast import (
    ArrayLit,
    Arrow,
    Binary,
    Call,
    Conditional,
    Expr,
    Identifier,
    Index,
    Literal,
    Member,
    ObjectLit,
    Param,
    Property,
    Spread,
    This,
    Unary,
)
from runtimes.expressions.errors import ExprSyntaxError
from runtimes.expressions.lexer import Token, tokenize
from runtimes.expressions.limits import MAX_EXPRESSION_LENGTH, MAX_NESTING
from runtimes.expressions.values import UNDEFINED, number_to_string

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Final

__all__ = ["KEYWORDS", "parse_expression", "parse_expression_cached"]

KEYWORDS: Final = frozenset({"true", "false", "null", "undefined", "this"})
_KEYWORD_VALUES: Final = {"true": True, "false": False, "null": None, "undefined": UNDEFINED}

_PRECEDENCE: Final = {
    "||": 1,
    "??": 1,
    "&&": 2,
    "===": 3,
    "!==": 3,
    "==": 3,
    "!=": 3,
    "<": 4,
    ">": 4,
    "<=": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
    "**": 7,
}
_POWER: Final = 7
_OPERATORS: Final = frozenset(_PRECEDENCE) | {"!", "?", ":", "=>", "...", ".", "?."}
_PREFIX: Final = frozenset({"!", "-", "+"})

_NESTED_MESSAGE: Final = "Expression is nested too deeply"
_ARROW_BODY_MESSAGE: Final = "Arrow function body must be an expression; wrap an object literal in parentheses"


class _Parser:
    __slots__ = ("depth", "last", "matches", "pos", "source", "tokens")

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0
        self.matches: dict[int, int] | None = None
        stripped = len(source.rstrip(" \t\r\n"))
        self.last = (stripped - 1, stripped) if stripped else (0, 0)

    # -- errors --------------------------------------------------------------------------------------------------

    def _fail(self, message: str, tok: Token, hint: str | None = None) -> ExprSyntaxError:
        if tok.kind == "error":
            return ExprSyntaxError(tok.value, tok.start, tok.end)
        if tok.kind == "eof":
            return ExprSyntaxError(message, self.last[0], self.last[1], hint, at_end=True)
        return ExprSyntaxError(message, tok.start, tok.end, hint)

    def _unexpected(self, tok: Token) -> ExprSyntaxError:
        hint = None
        if self.pos > 0:
            prev = self.tokens[self.pos - 1]
            if prev.kind == "name" and prev.text == "typeof" and tok.kind not in ("eof", "error"):
                hint = f"Write typeof({tok.text})"
        return self._fail(f'Unexpected token "{tok.text}"', tok, hint)

    def _expected_expression(self) -> ExprSyntaxError:
        tok = self.tokens[self.pos]
        prev = self.tokens[self.pos - 1] if self.pos > 0 else None
        if prev is not None and (tok.kind == "eof" or prev.kind in _OPERATORS):
            return self._fail(f'Expected expression after "{prev.text}"', tok)
        return self._unexpected(tok)

    def _expect(self, kind: str) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != kind:
            raise self._fail(f'Expected "{kind}"', tok)
        self.pos += 1
        return tok

    def _enter(self, tok: Token, extra: int = 0) -> None:
        if self.depth + extra > MAX_NESTING:
            raise self._fail(_NESTED_MESSAGE, tok)

    # -- grammar -------------------------------------------------------------------------------------------------

    def parse(self) -> Expr:
        tok = self.tokens[0]
        if tok.kind == "eof":
            raise ExprSyntaxError("Empty expression", 0, len(self.source))
        try:
            node = self._expression()
        except RecursionError:  # only reachable from an already deep caller stack: same verdict as the depth limit
            raise ExprSyntaxError(_NESTED_MESSAGE, 0, len(self.source)) from None
        tok = self.tokens[self.pos]
        if tok.kind != "eof":
            raise self._unexpected(tok)
        return node

    def _nested(self, tok: Token) -> Expr:
        """An Expression one nesting level deeper (brackets, arguments, conditional branches, arrow bodies)."""
        self.depth += 1
        self._enter(tok)
        node = self._expression()
        self.depth -= 1
        return node

    def _expression(self) -> Expr:
        tokens = self.tokens
        tok = tokens[self.pos]
        if tok.kind == "name" and tokens[self.pos + 1].kind == "=>":
            if tok.text in KEYWORDS:
                raise self._fail("Invalid arrow function parameter", tok)
            self.pos += 1
            return self._arrow_body(tok, (Param(tok.text, tok.start, tok.end),))
        if tok.kind == "(":
            close = self._match(self.pos)
            if close != -1 and tokens[close + 1].kind == "=>":
                params = self._arrow_params(self.pos + 1, close)
                self.pos = close + 1
                return self._arrow_body(tok, params)
        test = self._binary()
        tok = tokens[self.pos]
        if tok.kind != "?":
            return test
        self.pos += 1
        consequent = self._nested(tok)
        colon = tokens[self.pos]
        self._expect(":")
        alternate = self._nested(colon)
        return Conditional(test, consequent, alternate, test.start, alternate.end)

    def _match(self, open_pos: int) -> int:
        if self.matches is None:
            matches: dict[int, int] = {}
            stack: list[int] = []
            for i, t in enumerate(self.tokens):
                if t.kind == "(":
                    stack.append(i)
                elif t.kind == ")" and stack:
                    matches[stack.pop()] = i
            self.matches = matches
        return self.matches.get(open_pos, -1)

    def _arrow_params(self, first: int, close: int) -> tuple[Param, ...]:
        params: list[Param] = []
        seen: set[str] = set()
        i = first
        while i < close:
            tok = self.tokens[i]
            if tok.kind != "name" or tok.text in KEYWORDS:
                raise self._fail("Invalid arrow function parameter", tok)
            if tok.text in seen:
                raise self._fail("Duplicate parameter", tok)
            seen.add(tok.text)
            params.append(Param(tok.text, tok.start, tok.end))
            i += 1
            if i < close:
                sep = self.tokens[i]
                if sep.kind != "," or i + 1 == close:
                    raise self._fail("Invalid arrow function parameter", sep)
                i += 1
        return tuple(params)

    def _arrow_body(self, first: Token, params: tuple[Param, ...]) -> Arrow:
        arrow = self.tokens[self.pos]  # the "=>"
        self.pos += 1
        tok = self.tokens[self.pos]
        if tok.kind == "{":
            raise self._fail(_ARROW_BODY_MESSAGE, tok)
        body = self._nested(arrow)
        return Arrow(params, body, first.start, body.end)

    def _binary(self) -> Expr:
        tokens = self.tokens
        first = self._unary()
        if tokens[self.pos].kind not in _PRECEDENCE:
            return first
        operands: list[Expr] = [first]
        ops: list[tuple[str, int]] = []
        powers = 0
        while True:
            tok = tokens[self.pos]
            prec = _PRECEDENCE.get(tok.kind)
            if prec is None:
                break
            while ops and (ops[-1][1] > prec or (ops[-1][1] == prec and prec != _POWER)):
                if ops[-1][1] == _POWER:
                    powers -= 1
                self._reduce(operands, ops)
            if prec == _POWER:
                powers += 1
                self._enter(tok, powers)
            ops.append((tok.kind, prec))
            self.pos += 1
            operands.append(self._unary())
        while ops:
            self._reduce(operands, ops)
        return operands[0]

    @staticmethod
    def _reduce(operands: list[Expr], ops: list[tuple[str, int]]) -> None:
        right = operands.pop()
        left = operands.pop()
        op = ops.pop()[0]
        operands.append(Binary(op, left, right, left.start, right.end))

    def _unary(self) -> Expr:
        tokens = self.tokens
        tok = tokens[self.pos]
        if tok.kind not in _PREFIX:
            return self._postfix()
        prefix: list[Token] = []
        while tok.kind in _PREFIX:
            prefix.append(tok)
            self._enter(tok, len(prefix))
            self.pos += 1
            tok = tokens[self.pos]
        node = self._postfix()
        for op in reversed(prefix):
            node = Unary(op.kind, node, op.start, node.end)
        return node

    def _postfix(self) -> Expr:
        tokens = self.tokens
        node = self._primary()
        while True:
            tok = tokens[self.pos]
            kind = tok.kind
            if kind == ".":
                self.pos += 1
                name = tokens[self.pos]
                if name.kind != "name":
                    raise self._expected_expression()
                self.pos += 1
                node = Member(node, name.text, False, name.start, name.end, node.start, name.end)
            elif kind == "?.":
                self.pos += 1
                nxt = tokens[self.pos]
                if nxt.kind == "(":
                    raise ExprSyntaxError("Optional call is not supported", tok.start, tok.end)
                if nxt.kind == "[":
                    self.pos += 1
                    index = self._nested(nxt)
                    close = self._expect("]")
                    node = Index(node, index, True, node.start, close.end)
                elif nxt.kind == "name":
                    self.pos += 1
                    node = Member(node, nxt.text, True, nxt.start, nxt.end, node.start, nxt.end)
                else:
                    raise self._expected_expression()
            elif kind == "[":
                self.pos += 1
                index = self._nested(tok)
                close = self._expect("]")
                node = Index(node, index, False, node.start, close.end)
            elif kind == "(":
                self.pos += 1
                args = self._arguments(tok)
                close = self._expect(")")
                node = Call(node, args, tok.start, node.start, close.end)
            else:
                return node

    def _arguments(self, open_tok: Token) -> tuple[Expr | Spread, ...]:
        tokens = self.tokens
        kind = tokens[self.pos].kind
        if kind == ")":
            return ()
        if kind == "eof":
            raise self._fail('Expected ")"', tokens[self.pos])
        args: list[Expr | Spread] = []
        while True:
            args.append(self._element(open_tok))
            tok = tokens[self.pos]
            if tok.kind != ",":
                return tuple(args)
            self.pos += 1

    def _element(self, open_tok: Token) -> Expr | Spread:
        tok = self.tokens[self.pos]
        if tok.kind == "...":
            self.pos += 1
            argument = self._nested(tok)
            return Spread(argument, tok.start, argument.end)
        return self._nested(open_tok)

    def _primary(self) -> Expr:
        tok = self.tokens[self.pos]
        kind = tok.kind
        if kind == "name":
            self.pos += 1
            text = tok.text
            if text in KEYWORDS:
                if text == "this":
                    return This(tok.start, tok.end)
                return Literal(_KEYWORD_VALUES[text], tok.start, tok.end)
            return Identifier(text, tok.start, tok.end)
        if kind == "num" or kind == "str":
            self.pos += 1
            return Literal(tok.value, tok.start, tok.end)
        if kind == "(":
            self.pos += 1
            node = self._nested(tok)
            self._expect(")")
            return node
        if kind == "[":
            return self._array(tok)
        if kind == "{":
            return self._object(tok)
        raise self._expected_expression()

    def _array(self, open_tok: Token) -> ArrayLit:
        tokens = self.tokens
        self.pos += 1
        elements: list[Expr | Spread] = []
        while tokens[self.pos].kind != "]":
            if tokens[self.pos].kind == "eof":
                raise self._fail('Expected "]"', tokens[self.pos])
            elements.append(self._element(open_tok))
            tok = tokens[self.pos]
            if tok.kind == ",":
                self.pos += 1
            elif tok.kind != "]":
                raise self._fail('Expected "]"', tok)
        close = tokens[self.pos]
        self.pos += 1
        return ArrayLit(tuple(elements), open_tok.start, close.end)

    def _object(self, open_tok: Token) -> ObjectLit:
        tokens = self.tokens
        self.pos += 1
        props: list[Property | Spread] = []
        while tokens[self.pos].kind != "}":
            tok = tokens[self.pos]
            if tok.kind == "eof":
                raise self._fail('Expected "}"', tok)
            if tok.kind == "...":
                self.pos += 1
                argument = self._nested(tok)
                props.append(Spread(argument, tok.start, argument.end))
            elif tok.kind in ("name", "str", "num"):
                self.pos += 1
                if tok.kind == "name":
                    key = tok.text
                elif tok.kind == "str":
                    key = tok.value
                else:
                    key = number_to_string(tok.value)
                nxt = tokens[self.pos]
                if nxt.kind == ":":
                    self.pos += 1
                    value = self._nested(nxt)
                    props.append(Property(key, value, tok.start, tok.end, False, tok.start, value.end))
                elif tok.kind == "name" and tok.text not in KEYWORDS and nxt.kind in (",", "}"):
                    ident = Identifier(tok.text, tok.start, tok.end)
                    props.append(Property(key, ident, tok.start, tok.end, True, tok.start, tok.end))
                else:
                    raise self._fail('Expected ":"', nxt)
            else:
                raise self._unexpected(tok)
            tok = tokens[self.pos]
            if tok.kind == ",":
                self.pos += 1
            elif tok.kind != "}":
                raise self._fail('Expected "}"', tok)
        close = tokens[self.pos]
        self.pos += 1
        return ObjectLit(tuple(props), open_tok.start, close.end)


def _too_long(source: str) -> ExprSyntaxError | None:
    if len(source) <= MAX_EXPRESSION_LENGTH:
        return None
    return ExprSyntaxError(f"Expression is too long (more than {MAX_EXPRESSION_LENGTH:,} characters)", 0, len(source))


def parse_expression(source: str) -> Expr:
    """Parse one expression; offsets in the AST and in ``ExprSyntaxError`` are relative to ``source``."""
    error = _too_long(source)
    if error is not None:
        raise error
    return _Parser(str(source)).parse()


@lru_cache(maxsize=4096)
def _parse_or_error(source: str) -> Expr | ExprSyntaxError:
    try:
        return _Parser(source).parse()
    except ExprSyntaxError as exc:
        return exc


def parse_expression_cached(source: str) -> Expr:
    """``parse_expression`` through an LRU cache (the returned tree is shared: do not mutate it)."""
    error = _too_long(source)
    if error is not None:
        raise error
    result = _parse_or_error(str(source)) if len(source) <= 4096 else _parse_or_error.__wrapped__(str(source))
    if isinstance(result, ExprSyntaxError):
        raise ExprSyntaxError(result.message, result.start, result.end, result.hint, at_end=result.at_end)
    return result
