"""Expression values (EXPRESSIONS.md §5): the UNDEFINED sentinel and the JS-like conversions.

Value kinds and their Python form::

    undefined  UNDEFINED        null     None          boolean  bool
    number     int | float      string   str           array    list
    object     dict (str keys)  function Function subclass (the evaluator's arrow closure)

Booleans are never numbers: every check tests ``bool`` before ``int``. Integral numbers may be ``int`` while
``|v| <= 2**53``; everything else is a ``float`` with double semantics (:func:`normalize_number`).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence

from runtimes.errors import ExpressionError
from runtimes.lazyre import lazy_compile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Final, Literal, TypeAlias

__all__ = [
    "JS_WHITESPACE",
    "MAX_SAFE_INTEGER",
    "UNDEFINED",
    "Function",
    "TypeName",
    "Undefined",
    "canonical_index",
    "compare",
    "get_property",
    "is_array",
    "is_function",
    "is_nullish",
    "is_number",
    "is_object",
    "is_truthy",
    "js_strip",
    "json_encode",
    "loose_equals",
    "normalize_number",
    "number_to_string",
    "same_value_zero",
    "strict_equals",
    "string_to_number",
    "to_number",
    "to_primitive",
    "to_string",
    "to_template_string",
    "type_name",
]


class Undefined:
    """The JavaScript ``undefined`` value. Use the module-level :data:`UNDEFINED` singleton."""

    _instance: Undefined | None = None

    def __new__(cls) -> Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = Undefined()

MAX_SAFE_INTEGER: Final = 2**53

JS_WHITESPACE: Final = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""Unicode white space plus line terminators and U+FEFF, as JavaScript's ``trim`` understands them."""

TypeName: TypeAlias = 'Literal["undefined", "null", "boolean", "number", "string", "array", "object", "function"]'


class Function(ABC):
    """A callable expression value (the evaluator's arrow closure implements this).

    ``call`` receives positional arguments; missing parameters are undefined, extra ones are ignored.
    """

    @abstractmethod
    def call(self, args: Sequence[Any]) -> Any: ...


# ---------------------------------------------------------------------------------------------------------------------
# Kinds


def is_number(v: Any) -> bool:
    """A number value (int or float, never bool). NaN counts as a number here."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def is_array(v: Any) -> bool:
    return isinstance(v, list | tuple)


def is_object(v: Any) -> bool:
    return isinstance(v, Mapping)


def is_function(v: Any) -> bool:
    return isinstance(v, Function)


def is_nullish(v: Any) -> bool:
    return v is None or v is UNDEFINED


def type_name(v: Any) -> TypeName:
    """``typeof`` of EXPRESSIONS.md §10.6 (arrays and null have their own names)."""
    if v is UNDEFINED:
        return "undefined"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list | tuple):
        return "array"
    if isinstance(v, Function):
        return "function"
    return "object"


def normalize_number(x: int | float) -> int | float:
    """An ``int`` for integral values with ``|x| <= 2**53`` (except -0), else the float."""
    if isinstance(x, int) and not isinstance(x, bool):
        if -MAX_SAFE_INTEGER <= x <= MAX_SAFE_INTEGER:
            return x
        try:
            return float(x)
        except OverflowError:
            return math.inf if x > 0 else -math.inf
    f = float(x)
    if math.isfinite(f) and f.is_integer() and abs(f) <= MAX_SAFE_INTEGER and not (f == 0 and math.copysign(1, f) < 0):
        return int(f)
    return f


def _as_float(x: int | float) -> float:
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


# ---------------------------------------------------------------------------------------------------------------------
# §5.2 truthiness


def is_truthy(v: Any) -> bool:
    if v is None or v is UNDEFINED or v is False:
        return False
    if v is True:
        return True
    if isinstance(v, int | float):
        return not (v == 0 or v != v)
    if isinstance(v, str):
        return v != ""
    return True


# ---------------------------------------------------------------------------------------------------------------------
# §5.3 conversions


def to_primitive(v: Any) -> Any:
    """Arrays → elements joined by ``,``; objects → ``[object Object]``; functions → ``[function]``."""
    if isinstance(v, list | tuple):
        return ",".join("" if is_nullish(item) else to_string(item) for item in v)
    if isinstance(v, Function):
        return "[function]"
    if isinstance(v, Mapping):
        return "[object Object]"
    return v


def js_strip(s: str) -> str:
    """Strip JavaScript white space (Unicode white space, line terminators, U+FEFF) from both ends."""
    return s.strip(JS_WHITESPACE)


_DECIMAL = lazy_compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_RADIX = lazy_compile(r"0(?:[xX](?P<hex>[0-9a-fA-F]+)|[oO](?P<oct>[0-7]+)|[bB](?P<bin>[01]+))")


def string_to_number(s: str) -> int | float:
    """StringToNumber of §5.3 (never Python ``float()`` on unchecked text)."""
    s = js_strip(s)
    if s == "":
        return 0
    if s in ("Infinity", "+Infinity"):
        return math.inf
    if s == "-Infinity":
        return -math.inf
    if _DECIMAL.fullmatch(s):
        mantissa = s.split("e")[0].split("E")[0]
        if "." not in mantissa and len(s) == len(mantissa):
            value = int(s)
            if value == 0 and s.startswith("-"):
                return -0.0
            return normalize_number(value)
        return normalize_number(float(s))  # the text is a validated decimal literal
    m = _RADIX.fullmatch(s)
    if m:
        if m.group("hex") is not None:
            return normalize_number(int(m.group("hex"), 16))
        if m.group("oct") is not None:
            return normalize_number(int(m.group("oct"), 8))
        return normalize_number(int(m.group("bin"), 2))
    return math.nan


def to_number(v: Any) -> int | float:
    """ToNumber: undefined → NaN, null → 0, booleans → 1/0, strings by StringToNumber, others via ToPrimitive."""
    if v is UNDEFINED:
        return math.nan
    if v is None:
        return 0
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, int):
        return normalize_number(v) if abs(v) > MAX_SAFE_INTEGER else v
    if isinstance(v, float):
        return v
    if isinstance(v, str):
        return string_to_number(v)
    if isinstance(v, list | tuple | Mapping | Function):
        return to_number(to_primitive(v))
    return math.nan


def _shortest_digits(x: float) -> tuple[str, int]:
    """For a finite x > 0: the shortest round-trip digits ``s`` and ``n`` with x = 0.s × 10^n."""
    text = repr(x)
    exponent = 0
    if "e" in text:
        text, exp_text = text.split("e")
        exponent = int(exp_text)
    int_part, _, frac_part = text.partition(".")
    digits = int_part + frac_part
    point = len(int_part) + exponent
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    stripped = stripped.rstrip("0")
    return stripped, point


def number_to_string(x: float) -> str:
    """NumberToString of §5.3 (JavaScript's ``Number.prototype.toString()``)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        if abs(x) <= MAX_SAFE_INTEGER:
            return str(x)
        x = _as_float(x)
    if x != x:
        return "NaN"
    if x == 0:
        return "0"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x < 0:
        return "-" + number_to_string(-x)
    s, n = _shortest_digits(x)
    k = len(s)
    if k <= n <= 21:
        return s + "0" * (n - k)
    if 0 < n <= 21:
        return s[:n] + "." + s[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + s
    e = n - 1
    mantissa = s[0] + ("." + s[1:] if k > 1 else "")
    return f"{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"


def to_string(v: Any) -> str:
    """ToString: undefined → ``"undefined"``, null → ``"null"``, numbers by NumberToString, others via ToPrimitive."""
    if isinstance(v, str):
        return v
    if v is UNDEFINED:
        return "undefined"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return number_to_string(v)
    if isinstance(v, list | tuple | Mapping | Function):
        return str(to_primitive(v))
    return str(v)


def to_template_string(v: Any) -> str:
    """ToTemplateString of §5.4: null/undefined → ``""``, arrays/objects → compact JSON, functions → error."""
    if v is None or v is UNDEFINED:
        return ""
    if isinstance(v, Function):
        raise ExpressionError("Cannot render a function")
    if isinstance(v, list | tuple | Mapping):
        encoded = json_encode(v)
        return encoded if isinstance(encoded, str) else ""
    return to_string(v)


# ---------------------------------------------------------------------------------------------------------------------
# §5.4 JSON (the encoder lives in jsonfmt)


def json_encode(value: Any, indent: int | str | None = None) -> str | Undefined:
    """JSON text of ``value`` (§5.4); UNDEFINED when ``value`` itself is undefined or a function.

    ``indent``: None, 0 or ``""`` → compact; an int → that many spaces; a string → that string per level.
    """
    from runtimes.expressions.jsonfmt import encode

    return encode(value, indent)


# ---------------------------------------------------------------------------------------------------------------------
# §6.1 property access (blocked names are the evaluator's business)

_CANONICAL_INDEX = lazy_compile(r"0|[1-9][0-9]*")


def canonical_index(name: str, length: int) -> int | None:
    """The index named by ``name`` (``0``, ``1``, … without leading zeros) when it is below ``length``."""
    if len(name) <= 16 and _CANONICAL_INDEX.fullmatch(name):
        i = int(name)
        if i < length:
            return i
    return None


def get_property(obj: Any, name: str) -> Any:
    """``obj[name]`` by §6.1: dict keys; list/str ``length`` and canonical indexes; anything else → undefined."""
    if isinstance(obj, Mapping):
        return obj.get(name, UNDEFINED)
    if isinstance(obj, list | tuple | str):
        if name == "length":
            return len(obj)
        i = canonical_index(name, len(obj))
        return UNDEFINED if i is None else obj[i]
    return UNDEFINED


# ---------------------------------------------------------------------------------------------------------------------
# §6.2 equality and comparison


def strict_equals(a: Any, b: Any) -> bool:
    """``===``: same kind and equal; NaN ≠ NaN; +0 = −0; arrays, objects and functions by identity."""
    kind = type_name(a)
    if kind != type_name(b):
        return False
    if kind == "number":
        return bool(to_number(a) == to_number(b))  # ints beyond 2**53 compare as the doubles they stand for
    if kind in ("string", "boolean"):
        return bool(a == b)
    if kind in ("undefined", "null"):
        return True
    return a is b


def same_value_zero(a: Any, b: Any) -> bool:
    """SameValueZero: ``===`` except that NaN equals NaN."""
    if is_number(a) and is_number(b) and a != a and b != b:
        return True
    return strict_equals(a, b)


def loose_equals(a: Any, b: Any) -> bool:
    """``==``: JavaScript's abstract equality over the value kinds of §5.1."""
    ka, kb = type_name(a), type_name(b)
    if ka == kb:
        return strict_equals(a, b)
    if ka in ("null", "undefined") or kb in ("null", "undefined"):
        return ka in ("null", "undefined") and kb in ("null", "undefined")
    if ka == "boolean":
        return loose_equals(to_number(a), b)
    if kb == "boolean":
        return loose_equals(a, to_number(b))
    if ka == "number" and kb == "string":
        return bool(a == to_number(b))
    if ka == "string" and kb == "number":
        return bool(to_number(a) == b)
    composite = ("array", "object", "function")
    if ka in composite and kb not in composite:
        return loose_equals(to_primitive(a), b)
    if kb in composite and ka not in composite:
        return loose_equals(a, to_primitive(b))
    return False


def compare(left: Any, right: Any, op: Literal["<", ">", "<=", ">="]) -> bool:
    """Relational operators: both primitives strings → code-point order; else numbers, any NaN → false."""
    a, b = to_primitive(left), to_primitive(right)
    if isinstance(a, str) and isinstance(b, str):
        x: Any = a
        y: Any = b
    else:
        x, y = to_number(a), to_number(b)
        if x != x or y != y:
            return False
    if op == "<":
        return bool(x < y)
    if op == ">":
        return bool(x > y)
    if op == "<=":
        return bool(x <= y)
    return bool(x >= y)
