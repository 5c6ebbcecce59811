"""The immutable FlowScript AST (LANGUAGE.md §5–§7) with exact source ranges.

Every range is a half-open pair of code-point offsets into the document text (``Span``). Every string the parser
produces from the body is a :class:`~server.syntax.sourcetext.SourceText`. Node classes mirror LANGUAGE.md §5.4; the
fields common to all nodes are those of §5.3.
"""

from __future__ import annotations

from collections.abc import Iterator

from runtimes.records import field, record
from server.syntax.sourcetext import SourceText

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

__all__ = [
    "NODE_KINDS",
    "Action",
    "Attribute",
    "Binding",
    "Branch",
    "Call",
    "Case",
    "Checkpoint",
    "ConfigEntry",
    "ConfigField",
    "ConfigMap",
    "ConfigValueNode",
    "Context",
    "ContextEntry",
    "Delay",
    "ElementInfo",
    "Fallback",
    "Foreach",
    "Frontmatter",
    "FrontmatterField",
    "IOField",
    "If",
    "Include",
    "Loop",
    "Node",
    "OnError",
    "Parallel",
    "ParallelBranch",
    "Phase",
    "Retry",
    "RuntimeSettings",
    "SecretDecl",
    "Set",
    "Sink",
    "Source",
    "Span",
    "Timeout",
    "Transform",
    "Trigger",
    "While",
    "Workflow",
]

Span: TypeAlias = tuple[int, int]

NODE_KINDS: tuple[str, ...] = (
    "source",
    "transform",
    "sink",
    "branch",
    "if",
    "loop",
    "while",
    "foreach",
    "parallel",
    "checkpoint",
    "phase",
    "context",
    "set",
    "delay",
    "timeout",
    "include",
    "call",
)


@record
class Attribute:
    """One attribute: ``name`` with its range, the decoded and trimmed ``value``, the range between the quotes."""

    name: str
    name_range: Span
    value: SourceText
    value_range: Span


@record
class ElementInfo:
    """Where an element sits: anchor (``<`` + name), start tag, end tag (None when self-closing or never closed)."""

    name: str
    anchor: Span
    start_tag: Span
    end_tag: Span | None
    range: Span
    attributes: tuple[Attribute, ...] = ()

    def attribute(self, name: str) -> Attribute | None:
        """The attribute called ``name`` (the last one wins, LANGUAGE.md §4.4)."""
        for attr in reversed(self.attributes):
            if attr.name == name:
                return attr
        return None


# -- config (LANGUAGE.md §6) ---------------------------------------------------------------------------------------

ConfigValueNode: TypeAlias = "SourceText | ConfigMap"


@record
class ConfigEntry:
    """One config entry. ``origin``: an attribute, a child element, or a key-value line (block)."""

    key: str
    key_range: Span
    value: SourceText | ConfigMap
    value_range: Span
    origin: Literal["attribute", "element", "block"]


@record
class ConfigMap:
    """An ordered map of config entries (a later entry with the same key replaced an earlier one)."""

    entries: tuple[ConfigEntry, ...] = ()

    def get(self, key: str) -> ConfigEntry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    def keys(self) -> list[str]:
        return [entry.key for entry in self.entries]

    def __contains__(self, key: object) -> bool:
        return any(entry.key == key for entry in self.entries)

    def __iter__(self) -> Iterator[ConfigEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def to_value(self) -> dict[str, Any]:
        """Plain ``{key: SourceText | dict}`` (iterative: nesting depth is user-controlled)."""
        root: dict[str, Any] = {}
        stack: list[tuple[ConfigMap, dict[str, Any]]] = [(self, root)]
        while stack:
            cmap, out = stack.pop()
            for entry in cmap.entries:
                if isinstance(entry.value, ConfigMap):
                    child: dict[str, Any] = {}
                    out[entry.key] = child
                    stack.append((entry.value, child))
                else:
                    out[entry.key] = entry.value
        return root


# -- on-error (LANGUAGE.md §7) -------------------------------------------------------------------------------------


@record
class Retry:
    element: ElementInfo
    when: SourceText | None
    max: SourceText | None
    backoff: SourceText | None


@record
class Fallback:
    element: ElementInfo
    node: SourceText | None
    """Value of ``node`` (or its synonym ``ref``); None when missing/empty."""
    node_range: Span | None


@record
class OnError:
    element: ElementInfo
    retry: Retry | None
    fallback: Fallback | None

    @property
    def fallback_node(self) -> str | None:
        return None if self.fallback is None or self.fallback.node is None else str(self.fallback.node)


# -- nodes ---------------------------------------------------------------------------------------------------------


@record
class Node:
    """Fields common to every node element (LANGUAGE.md §5.3)."""

    kind: str
    id: SourceText | None
    id_range: Span | None
    input: SourceText | None
    input_range: Span | None
    on_error: OnError | None
    element: ElementInfo

    @property
    def anchor(self) -> Span:
        return self.element.anchor

    @property
    def range(self) -> Span:
        return self.element.range

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return self.element.attributes

    def attribute(self, name: str) -> Attribute | None:
        return self.element.attribute(name)

    @property
    def label(self) -> str:
        """``{id}`` of DIAGNOSTICS.md §1: the id, or ``<tag>`` for a node without one."""
        return str(self.id) if self.id is not None else f"<{self.kind}>"


@record
class _Configured(Node):
    type: str
    type_range: Span | None
    """Range of the ``type`` attribute value; None when the default type applies."""
    type_valid: bool
    config: ConfigMap = field(default_factory=ConfigMap)


@record
class Source(_Configured):
    pass


@record
class Transform(_Configured):
    pass


@record
class Sink(_Configured):
    pass


@record
class Case:
    element: ElementInfo
    when: SourceText | None
    nodes: tuple[Node, ...]

    @property
    def anchor(self) -> Span:
        return self.element.anchor


@record
class Branch(Node):
    cases: tuple[Case, ...]
    default: tuple[Node, ...] | None
    default_elements: tuple[ElementInfo, ...] = ()


@record
class If(Node):
    condition: SourceText | None
    then: tuple[Node, ...]
    else_: tuple[Node, ...] | None
    then_elements: tuple[ElementInfo, ...] = ()
    else_elements: tuple[ElementInfo, ...] = ()


@record
class Loop(Node):
    max: SourceText | None
    max_iterations: int | None
    break_: SourceText | None
    body: tuple[Node, ...]


@record
class While(Node):
    condition: SourceText | None
    body: tuple[Node, ...]


@record
class Foreach(Node):
    collection: SourceText | None
    item: SourceText | None
    """The ``item`` attribute (None when absent: the variable is then ``item``)."""
    concurrency: SourceText | None
    body: tuple[Node, ...]

    @property
    def item_name(self) -> str:
        return str(self.item) if self.item else "item"


@record
class ParallelBranch:
    element: ElementInfo
    nodes: tuple[Node, ...]


@record
class Parallel(Node):
    wait: SourceText | None
    """Raw ``wait`` attribute (None = default ``all``)."""
    merge: SourceText | None
    """Raw ``merge`` attribute (None = default ``array``)."""
    branch_slots: tuple[ParallelBranch, ...]

    @property
    def branches(self) -> list[list[Node]]:
        return [list(slot.nodes) for slot in self.branch_slots]


@record
class Action:
    element: ElementInfo
    id: SourceText | None
    label: SourceText | None
    goto: SourceText | None


@record
class Checkpoint(Node):
    prompt: SourceText | None
    """``<prompt>`` child text when present and non-empty, else the ``prompt`` attribute."""
    timeout: SourceText | None
    default: SourceText | None
    """Raw ``default`` attribute (None = default ``reject``)."""
    condition: SourceText | None
    actions: tuple[Action, ...]


@record
class Phase(Node):
    name: SourceText | None
    children: tuple[Node, ...]


@record
class ContextEntry:
    element: ElementInfo
    key: SourceText | None
    """``key`` (or its synonym ``var``); None when missing/empty."""
    value: SourceText
    """``value`` (``""`` when absent)."""


@record
class Context(Node):
    entries: tuple[ContextEntry, ...]


@record
class Set(Node):
    var: SourceText | None
    value: SourceText


@record
class Delay(Node):
    duration: SourceText | None


@record
class Timeout(Node):
    duration: SourceText | None
    on_timeout: SourceText | None
    children: tuple[Node, ...]


@record
class Binding:
    element: ElementInfo
    key: SourceText | None
    value: SourceText


@record
class Include(Node):
    workflow: SourceText | None
    bindings: tuple[Binding, ...]


@record
class Call(Node):
    workflow: SourceText | None
    args: dict[str, SourceText]


@record
class Workflow:
    """The ``<workflow>`` root: its element info and its top-level node list."""

    element: ElementInfo
    nodes: tuple[Node, ...]

    @property
    def anchor(self) -> Span:
        return self.element.anchor

    @property
    def range(self) -> Span:
        return self.element.range


# -- frontmatter (LANGUAGE.md §3) ----------------------------------------------------------------------------------


@record
class FrontmatterField:
    """A top-level frontmatter key with its converted YAML value."""

    key: str
    key_range: Span
    value: Any
    value_range: Span


@record
class Trigger:
    type: str
    """``manual`` | ``webhook`` | ``schedule``."""
    value_range: Span
    manual: bool | None = None
    schedule: str | None = None
    webhook: Any = None
    config: Any = None


@record
class ConfigField:
    name: str
    key_range: Span
    value_range: Span
    type: str
    """Declared type, or inferred from the default (LANGUAGE.md §3.4)."""
    type_range: Span | None = None
    has_default: bool = False
    default: Any = None
    default_range: Span | None = None
    required: bool = False
    description: str | None = None


@record
class SecretDecl:
    name: str
    range: Span


@record
class IOField:
    name: str
    key_range: Span
    value_range: Span
    type: str | None = None
    required: bool = False
    has_default: bool = False
    default: Any = None
    description: str | None = None


@record
class RuntimeSettings:
    value_range: Span
    timeout: str | None = None
    retry: int | None = None
    concurrency: int | None = None
    context_budget: str | int | float | None = None


@record
class Frontmatter:
    """The frontmatter model. ``parsed`` is False when a PARSE_YAML_INVALID was reported (LANGUAGE.md §2.3)."""

    parsed: bool
    raw: Any
    """The converted YAML root (a dict when valid)."""
    fields: dict[str, FrontmatterField] = field(default_factory=dict)
    name: str | None = None
    version: str | None = None
    description: str | None = None
    trigger: Trigger | None = None
    config: dict[str, ConfigField] = field(default_factory=dict)
    secrets: tuple[SecretDecl, ...] = ()
    input: dict[str, IOField] = field(default_factory=dict)
    output: dict[str, IOField] = field(default_factory=dict)
    runtime: RuntimeSettings | None = None
    evolution: Any = None
    schemas: Any = None

    @property
    def secret_names(self) -> frozenset[str]:
        return frozenset(secret.name for secret in self.secrets)

    @property
    def config_defaults(self) -> dict[str, Any]:
        return {name: f.default for name, f in self.config.items() if f.has_default}
