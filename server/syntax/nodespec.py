"""AST node → :class:`runtimes.base.NodeSpec` (RUNTIMES.md §1.2), and runtime issue paths → document ranges (§1.5)."""

from __future__ import annotations

from collections.abc import Sequence

from runtimes.base import NodeSpec
from runtimes.keys import runtime_key
from server.syntax import ast as A
from server.syntax.ast import ConfigMap, ElementInfo, Span
from server.syntax.sourcetext import SourceText
from server.syntax.walk import child_slots

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, Literal

__all__ = ["build_node_spec", "issue_range"]


def _attrs(element: ElementInfo, names: Sequence[str]) -> dict[str, Any]:
    """Present attributes by name (absent → absent key; empty → ``""``)."""
    out: dict[str, Any] = {}
    for name in names:
        attr = element.attribute(name)
        if attr is not None:
            out[name] = attr.value
    return out


def _structural_config(node: A.Node) -> dict[str, Any]:
    element = node.element
    if isinstance(node, A.Branch):
        config: dict[str, Any] = {"cases": [_attrs(case.element, ("when",)) for case in node.cases]}
        if node.default is not None:
            config["default"] = "true"
        return config
    if isinstance(node, A.If | A.While):
        return _attrs(element, ("condition",))
    if isinstance(node, A.Loop):
        return _attrs(element, ("max", "break"))
    if isinstance(node, A.Foreach):
        return _attrs(element, ("collection", "item", "concurrency"))
    if isinstance(node, A.Parallel):
        config = _attrs(element, ("wait", "merge"))
        config["branch_count"] = len(node.branch_slots)
        return config
    if isinstance(node, A.Checkpoint):
        config = _attrs(element, ("prompt", "timeout", "default", "condition"))
        if node.prompt is not None:
            config["prompt"] = node.prompt
        if node.condition is not None:
            config["condition"] = node.condition
        config["actions"] = [_attrs(action.element, ("id", "label", "goto")) for action in node.actions]
        return config
    if isinstance(node, A.Phase):
        return _attrs(element, ("name",))
    if isinstance(node, A.Context):
        entries = []
        for entry in node.entries:
            item: dict[str, Any] = {}
            if entry.key is not None:
                item["key"] = entry.key
            value = entry.element.attribute("value")
            if value is not None:
                item["value"] = value.value
            entries.append(item)
        return {"entries": entries}
    if isinstance(node, A.Set):
        return _attrs(element, ("var", "value"))
    if isinstance(node, A.Delay):
        return _attrs(element, ("duration",))
    if isinstance(node, A.Timeout):
        return _attrs(element, ("duration", "on-timeout"))
    if isinstance(node, A.Include):
        config = _attrs(element, ("workflow",))
        config["bindings"] = [_attrs(binding.element, ("key", "value")) for binding in node.bindings]
        return config
    if isinstance(node, A.Call):
        config = _attrs(element, ("workflow",))
        config["args"] = dict(node.args)
        return config
    return {}


def build_node_spec(node: A.Node) -> NodeSpec:
    """The plain data a runtime validates (RUNTIMES.md §1.2). Strings stay :class:`SourceText`."""
    type_: str | None = None
    if isinstance(node, A.Source | A.Transform | A.Sink):
        type_ = node.type
        config: dict[str, Any] = node.config.to_value()
    else:
        config = _structural_config(node)
    slots = {name: tuple(str(n.id) if n.id is not None else None for n in nodes) for name, nodes in child_slots(node)}
    return NodeSpec(
        id=str(node.id) if node.id is not None else None,
        element=node.kind,
        type=type_,
        key=runtime_key(node.kind, type_),
        config=config,
        input=str(node.input) if node.input is not None else None,
        slots=slots,
    )


def _sub(value: object, fallback: Span, span: tuple[int, int] | None) -> Span:
    if span is not None and isinstance(value, SourceText):
        return value.doc_span(span[0], span[1])
    return fallback


def _config_range(
    cmap: ConfigMap, path: tuple[str | int, ...], target: str, span: tuple[int, int] | None
) -> Span | None:
    current: ConfigMap | SourceText = cmap
    entry: A.ConfigEntry | None = None
    for part in path:
        if not isinstance(current, ConfigMap) or not isinstance(part, str):
            return None
        entry = current.get(part)
        if entry is None:
            return None
        current = entry.value
    if entry is None:
        return None
    if target == "key":
        return entry.key_range
    return _sub(entry.value, entry.value_range, span)


def _attribute_range(element: ElementInfo, name: str, target: str, span: tuple[int, int] | None) -> Span:
    attr = element.attribute(name)
    if attr is None:
        return element.anchor
    if target == "key":
        return attr.name_range
    return _sub(attr.value, attr.value_range, span)


_ITEMS = {"cases": "cases", "actions": "actions", "entries": "entries", "bindings": "bindings"}


def issue_range(
    node: A.Node,
    path: tuple[str | int, ...],
    target: Literal["value", "key"] = "value",
    span: tuple[int, int] | None = None,
) -> Span:
    """Document range of a runtime issue at config ``path`` (RUNTIMES.md §1.5); the anchor when it does not exist."""
    if not path:
        return node.anchor
    if isinstance(node, A.Source | A.Transform | A.Sink):
        found = _config_range(node.config, path, target, span)
        return found if found is not None else node.anchor
    head = path[0]
    if head in _ITEMS and len(path) >= 2 and isinstance(path[1], int):
        items: Sequence[Any] = getattr(node, _ITEMS[head], ())
        index = path[1]
        if not 0 <= index < len(items):
            return node.anchor
        element: ElementInfo = items[index].element
        if len(path) < 3 or not isinstance(path[2], str):
            return element.anchor
        name = path[2]
        if head == "entries" and name == "key" and element.attribute("key") is None:
            name = "var"
        return _attribute_range(element, name, target, span)
    if head == "args" and isinstance(node, A.Call) and len(path) >= 2 and isinstance(path[1], str):
        return _attribute_range(node.element, path[1], target, span)
    if isinstance(node, A.Checkpoint) and head in ("prompt", "condition") and target == "value":
        value = node.prompt if head == "prompt" else node.condition
        attr = node.element.attribute(head)
        if value is not None and (attr is None or value is not attr.value):  # the text of a <prompt>/<condition> child
            return value.doc_span(*span) if span is not None else value.span
    if isinstance(head, str):
        return _attribute_range(node.element, head, target, span)
    return node.anchor
