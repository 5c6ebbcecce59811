"""Element tree → node model, with the parse-time structure rules (LANGUAGE.md §5, §7).

Iterative: a pre-order pass classifies every element that can hold nodes (reporting unknown and misplaced elements and
stray text), then the nodes are built in reverse pre-order, so every child exists before its parent. User nesting
depth never reaches the Python stack.
"""

from __future__ import annotations

import re
from typing import Any

from server.diagnostics import Diagnostic, Severity
from server.syntax import ast as A
from server.syntax.ast import NODE_KINDS, Attribute, Node
from server.syntax.config import extract_config
from server.syntax.sourcetext import SourceText
from server.syntax.suggest import did_you_mean_hint
from server.syntax.xmltree import XmlElement, XmlText, element_text

__all__ = ["build_workflow"]

_NODE_SET = frozenset(NODE_KINDS)
_VALID_NODE_TYPES = "Valid node types: " + ", ".join(NODE_KINDS)
_LIST_NODES = frozenset(("loop", "while", "foreach", "phase", "timeout"))
_CONFIGURED = frozenset(("source", "transform", "sink"))
_TYPES = {
    "source": ("http", "file", "database"),
    "transform": ("template", "ai", "map", "filter", "reduce"),
    "sink": ("http", "file", "database", "email"),
}
_TYPE_MESSAGES = {
    "source": (
        'Source type must be "http", "file", or "database", got "{t}"',
        'Use type="http", type="file", or type="database"',
    ),
    "transform": (
        'Transform type must be "ai", "template", "map", "filter", or "reduce", got "{t}"',
        'Use type="ai", type="template", type="map", type="filter", or type="reduce"',
    ),
    "sink": (
        'Sink type must be "http", "file", "database", or "email", got "{t}"',
        'Use type="http", type="file", type="database", or type="email"',
    ),
}
_NODE_ATTRS: dict[str, tuple[str, ...]] = {
    "branch": (),
    "if": ("condition",),
    "loop": ("max", "break"),
    "while": ("condition",),
    "foreach": ("collection", "item", "concurrency"),
    "parallel": ("wait", "merge"),
    "checkpoint": ("prompt", "timeout", "default", "condition"),
    "phase": ("name",),
    "context": (),
    "set": ("var", "value"),
    "delay": ("duration",),
    "timeout": ("duration", "on-timeout"),
    "include": ("workflow",),
}
_CHILD_ATTRS: dict[str, tuple[str, ...]] = {
    "case": ("when",),
    "default": (),
    "then": (),
    "else": (),
    "branch": (),
    "action": ("id", "label", "goto"),
    "bind": ("key", "value"),
    "set": ("key", "var", "value"),
    "retry": ("when", "max", "backoff"),
    "fallback": ("node", "ref"),
}
_ATTR_ALIASES = {
    "maxIterations": "max",
    "max_iterations": "max",
    "maxiterations": "max",
    "iterations": "max",
    "items": "collection",
    "as": "item",
    "when": "condition",
    "if": "condition",
    "until": "break",
    "timeout": "duration",
    "name": "id",
    "ref": "input",
    "from": "input",
}
_PROPER_PARENT = {
    "case": "<case> belongs inside <branch>",
    "default": "<default> belongs inside <branch>",
    "then": "<then> belongs inside <if>",
    "else": "<else> belongs inside <if>",
    "bind": "<bind> belongs inside <include>",
    "action": "<action> belongs inside <checkpoint>",
    "retry": "<retry> belongs inside <on-error>",
    "fallback": "<fallback> belongs inside <on-error>",
}
_SPECIFIC_HINTS = {
    "match": 'Use <branch> with <case when="…">',
    "otherwise": "Use <default> inside <branch>",
    "ai": 'Use <transform type="ai">',
    "map": 'Use <transform type="map">',
    "filter": 'Use <transform type="filter">',
    "reduce": 'Use <transform type="reduce">',
    "template": 'Use <transform type="template">',
    "http": 'Use <source type="http"> or <sink type="http">',
    "file": 'Use <source type="file"> or <sink type="file">',
    "database": 'Use <source type="database"> or <sink type="database">',
    "query": 'Use <source type="database"> or <sink type="database">',
    "email": 'Use <sink type="email">',
    "goto": 'Not supported; use loop break="…", <action goto> or <fallback node>',
    "break": 'Not supported; use loop break="…", <action goto> or <fallback node>',
    "do": "Put the body nodes directly inside <while>",
    "wait": "Use the wait= / merge= attributes of <parallel>",
    "merge": "Use the wait= / merge= attributes of <parallel>",
}
for _name in ("throttle", "debounce", "batch", "schedule", "state", "schema", "output", "on-workflow-error"):
    _SPECIFIC_HINTS[_name] = f"<{_name}> is not supported"
_STRUCTURAL = frozenset(("case", "default", "then", "else", "bind", "action", "retry", "fallback"))
_SLOTS: dict[str, tuple[str, ...]] = {
    "branch": ("case", "default"),
    "if": ("then", "else"),
    "parallel": ("branch",),
    "checkpoint": ("prompt", "condition", "action"),
    "context": ("set",),
    "include": ("bind",),
    "set": (),
    "delay": (),
    "call": (),
}
_MISPLACED_NODE_HINT = {
    "if": "Put nodes inside <then> or <else>",
    "branch": "Put nodes inside <case> or <default>",
    "parallel": "Put nodes inside <branch>",
}
_INT = re.compile(r"[0-9]+\Z")
_BACKOFFS = frozenset(("linear", "exponential", "fixed"))


class _Builder:
    def __init__(self, text: str, diagnostics: list[Diagnostic]) -> None:
        self.text = text
        self.diags = diagnostics
        # per element: slot name -> child elements
        self.slots: dict[int, dict[str, list[XmlElement]]] = {}
        self.built: dict[int, Any] = {}

    def report(
        self, code: str, severity: Severity, message: str, span: tuple[int, int], hints: tuple[str, ...] = ()
    ) -> None:
        self.diags.append(Diagnostic(code, severity, message, span[0], span[1], hints))

    # -- pass 1: classification --------------------------------------------------------------------------------

    def stray_text(self, element: XmlElement, hint: str | None = None) -> None:
        """Report each non-blank run of text directly inside ``element`` (runs are split by child elements)."""
        text = self.text
        if not any(
            isinstance(piece, XmlText) and (piece.cdata or _NON_BLANK.search(text, piece.start, piece.end))
            for piece in element.children
        ):
            return  # the common case: only indentation between child elements
        run: list[XmlText] = []
        for child in [*element.children, None]:
            if isinstance(child, XmlText):
                run.append(child)
                continue
            if run:
                if any(self.text[t.start : t.end].strip(" \t\r\n") for t in run):
                    temp = XmlElement("", (0, 0), (run[0].start, run[0].start), ())
                    temp.children = list(run)
                    value = element_text(temp, self.text)
                    if value:
                        self.report(
                            "VALID_UNKNOWN_FIELD",
                            "warning",
                            f"Unexpected text inside <{element.name}>; it is ignored",
                            value.span,
                            (hint,) if hint else (),
                        )
                run = []

    def node_list(self, container: XmlElement, owner: str | None) -> list[XmlElement]:
        """Classify the children of a node-list position; ``owner`` is the node kind when the container is a node."""
        nodes: list[XmlElement] = []
        self.stray_text(container)
        for child in container.children:
            if not isinstance(child, XmlElement):
                continue
            name = child.name
            if name in _NODE_SET:
                nodes.append(child)
            elif name == "on-error":
                if owner is not None:
                    self.own_on_error(container, child)
                else:
                    self.report(
                        "VALID_UNKNOWN_NODE_TYPE",
                        "error",
                        "<on-error> must be placed inside the node it applies to",
                        child.anchor,
                    )
            elif name in _STRUCTURAL:
                self.report(
                    "VALID_UNKNOWN_NODE_TYPE",
                    "error",
                    f"<{name}> is not allowed inside <{container.name}>",
                    child.anchor,
                    (_PROPER_PARENT[name],),
                )
            else:
                self.unknown_node(child)
        return nodes

    def unknown_node(self, child: XmlElement) -> None:
        name = child.name
        hints: list[str] = []
        specific = _SPECIFIC_HINTS.get(name)
        if specific is not None:
            hints.append(specific)
        else:
            suggestion = did_you_mean_hint(name, NODE_KINDS, element=True)
            if suggestion:
                hints.append(suggestion)
        hints.append(_VALID_NODE_TYPES)
        self.report("VALID_UNKNOWN_NODE_TYPE", "error", f"Unknown node type: <{name}>", child.anchor, tuple(hints))

    def own_on_error(self, node: XmlElement, child: XmlElement) -> None:
        slots = self.slots.setdefault(id(node), {})
        if "on-error" in slots:
            self.report("VALID_UNKNOWN_FIELD", "warning", "Only the first <on-error> of a node is used", child.anchor)
        else:
            slots["on-error"] = [child]

    def classify_node(self, element: XmlElement) -> list[XmlElement]:
        """Sort the children of a node element into slots; returns the child elements that hold nodes."""
        kind = element.name
        slots = self.slots.setdefault(id(element), {})
        if kind in _LIST_NODES:
            nodes = self.node_list(element, kind)
            slots["nodes"] = nodes
            return nodes
        if kind in _CONFIGURED:
            self.stray_text(element, "Put it in a child element such as <template>")
            config: list[XmlElement] = []
            for child in element.children:
                if isinstance(child, XmlElement):
                    if child.name == "on-error":
                        self.own_on_error(element, child)
                    else:
                        config.append(child)
            slots["config"] = config
            return []
        self.stray_text(element)
        allowed = _SLOTS[kind]
        holders: list[XmlElement] = []
        for child in element.children:
            if not isinstance(child, XmlElement):
                continue
            name = child.name
            if name == "on-error":
                self.own_on_error(element, child)
            elif name in allowed:
                slots.setdefault(name, []).append(child)
                self.check_child_attributes(child, name)
                if kind in ("branch", "if", "parallel"):
                    holders.append(child)
            elif kind in ("branch", "if", "parallel"):
                if name in _NODE_SET:
                    hint = _MISPLACED_NODE_HINT[kind]
                elif name in ("wait", "merge") and kind == "parallel":
                    hint = f'Use the {name}="..." attribute'
                elif name in _PROPER_PARENT:
                    hint = _PROPER_PARENT[name]
                elif name in _SPECIFIC_HINTS:
                    hint = _SPECIFIC_HINTS[name]
                else:
                    hint = did_you_mean_hint(name, allowed, element=True) or ""
                self.report(
                    "VALID_UNKNOWN_NODE_TYPE",
                    "error",
                    f"<{name}> is not allowed inside <{kind}>",
                    child.anchor,
                    (hint,) if hint else (),
                )
            else:
                self.report(
                    "VALID_UNKNOWN_FIELD",
                    "warning",
                    f"Unknown element <{name}> inside <{kind}>; it is ignored",
                    child.anchor,
                )
        return holders

    def check_child_attributes(self, child: XmlElement, name: str) -> None:
        allowed = _CHILD_ATTRS.get(name, ())
        for attr in child.attributes:
            if attr.name not in allowed:
                self.unknown_attribute(attr, child.name, allowed)

    def unknown_attribute(self, attr: Attribute, tag: str, allowed: tuple[str, ...]) -> None:
        alias = _ATTR_ALIASES.get(attr.name)
        hint = f"Did you mean: {alias}?" if alias in allowed else did_you_mean_hint(attr.name, allowed)
        self.report(
            "VALID_UNKNOWN_FIELD",
            "warning",
            f'Unknown attribute "{attr.name}" on <{tag}>',
            attr.name_range,
            (hint,) if hint else (),
        )

    def classify(self, root: XmlElement) -> list[tuple[XmlElement, str]]:
        """Pre-order list of (element, role); role is ``workflow``, ``node`` or ``list``."""
        order: list[tuple[XmlElement, str]] = []
        for attr in root.attributes:
            self.report("VALID_UNKNOWN_FIELD", "warning", "Attributes on <workflow> are ignored", attr.name_range)
        stack: list[tuple[XmlElement, str]] = [(root, "workflow")]
        while stack:
            element, role = stack.pop()
            order.append((element, role))
            if role == "node":
                holders = self.classify_node(element)
                if element.name in _LIST_NODES:
                    stack.extend((c, "node") for c in reversed(holders))
                else:
                    stack.extend((c, "list") for c in reversed(holders))
            else:
                nodes = self.node_list(element, None)
                self.slots.setdefault(id(element), {})["nodes"] = nodes
                stack.extend((c, "node") for c in reversed(nodes))
        return order

    # -- pass 2: building --------------------------------------------------------------------------------------

    def nodes_of(self, element: XmlElement) -> tuple[Node, ...]:
        return tuple(self.built[id(c)] for c in self.slots.get(id(element), {}).get("nodes", ()))

    def build(self, root: XmlElement) -> A.Workflow:
        order = self.classify(root)
        for element, role in reversed(order):
            if role == "node":
                self.built[id(element)] = self.build_node(element)
            elif role == "list":
                self.built[id(element)] = self.nodes_of(element)
        return A.Workflow(element=root.info(), nodes=self.nodes_of(root))

    def build_node(self, element: XmlElement) -> Node:
        kind = element.name
        info = element.info()
        attrs = _attr_map(element)
        slots = self.slots.get(id(element), {})
        ident = _present(attrs.get("id"))
        if ident is None and kind == "phase":
            ident = _present(attrs.get("name"))
        elif ident is None and kind == "set":
            ident = _present(attrs.get("var"))
        if ident is None:
            hint = {
                "phase": 'Add name="phase-name" to the <phase> element',
                "set": 'Add var="variable-name" to the <set> element',
            }.get(kind, f'Add id="unique-id" to the <{kind}> element')
            self.report(
                "VALID_MISSING_REQUIRED_FIELD",
                "error",
                f"<{kind}> requires an identifier attribute",
                info.anchor,
                (hint,),
            )
        id_value = ident.value if ident is not None else None
        inp = _present(attrs.get("input"))
        label = str(id_value) if id_value is not None else f"<{kind}>"
        on_error_el = slots.get("on-error")
        on_error = self.build_on_error(on_error_el[0], label) if on_error_el else None
        common: dict[str, Any] = {
            "kind": kind,
            "id": id_value,
            "id_range": ident.value_range if ident is not None else None,
            "input": inp.value if inp is not None else None,
            "input_range": inp.value_range if inp is not None else None,
            "on_error": on_error,
            "element": info,
        }
        if kind not in _CONFIGURED and kind != "call":
            allowed = ("id", "input", *_NODE_ATTRS[kind])
            for attr in element.attributes:
                if attr.name not in allowed:
                    self.unknown_attribute(attr, kind, allowed)
        node: Node = _BUILDERS[kind](self, element, attrs, slots, common, label)
        return node

    # -- per kind ----------------------------------------------------------------------------------------------

    def _configured(
        self,
        cls: type[A._Configured],
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        kind = element.name
        type_attr = _present(attrs.get("type"))
        type_name = str(type_attr.value) if type_attr is not None else _TYPES[kind][0]
        valid = type_name in _TYPES[kind]
        if not valid and type_attr is not None:
            message, hint = _TYPE_MESSAGES[kind]
            self.report(
                "VALID_INVALID_FIELD_TYPE", "error", message.format(t=type_name), type_attr.value_range, (hint,)
            )
        config = extract_config(element, slots.get("config", []), kind, type_name, label, self.text, self.diags)
        return cls(
            **common,
            type=type_name,
            type_range=type_attr.value_range if type_attr is not None else None,
            type_valid=valid,
            config=config,
        )

    def _build_source(self, *args: Any) -> Node:
        return self._configured(A.Source, *args)

    def _build_transform(self, *args: Any) -> Node:
        return self._configured(A.Transform, *args)

    def _build_sink(self, *args: Any) -> Node:
        return self._configured(A.Sink, *args)

    def _build_branch(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        cases = tuple(
            A.Case(element=c.info(), when=_value(_attr_map(c).get("when")), nodes=self.built[id(c)])
            for c in slots.get("case", ())
        )
        defaults = slots.get("default")
        default: tuple[Node, ...] | None = None
        if defaults:
            default = tuple(n for d in defaults for n in self.built[id(d)])
        return A.Branch(
            **common, cases=cases, default=default, default_elements=tuple(d.info() for d in defaults or ())
        )

    def _build_if(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        thens = slots.get("then", [])
        elses = slots.get("else")
        return A.If(
            **common,
            condition=_value(attrs.get("condition")),
            then=tuple(n for t in thens for n in self.built[id(t)]),
            else_=tuple(n for e in elses for n in self.built[id(e)]) if elses else None,
            then_elements=tuple(t.info() for t in thens),
            else_elements=tuple(e.info() for e in elses or ()),
        )

    def _build_loop(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        max_value = _value(attrs.get("max"))
        iterations = None
        if max_value is not None and _INT.match(max_value.strip()) and int(max_value) > 0:
            iterations = int(max_value)
        return A.Loop(
            **common,
            max=max_value,
            max_iterations=iterations,
            break_=_value(attrs.get("break")),
            body=self.nodes_of(element),
        )

    def _build_while(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        return A.While(**common, condition=_value(attrs.get("condition")), body=self.nodes_of(element))

    def _build_foreach(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        return A.Foreach(
            **common,
            collection=_value(attrs.get("collection")),
            item=_value(attrs.get("item")),
            concurrency=_value(attrs.get("concurrency")),
            body=self.nodes_of(element),
        )

    def _build_parallel(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        return A.Parallel(
            **common,
            wait=_value(attrs.get("wait")),
            merge=_value(attrs.get("merge")),
            branch_slots=tuple(
                A.ParallelBranch(element=b.info(), nodes=self.built[id(b)]) for b in slots.get("branch", ())
            ),
        )

    def _build_checkpoint(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        prompt = _value(attrs.get("prompt"))
        condition = _value(attrs.get("condition"))
        for child in slots.get("prompt", ()):
            prompt = element_text(child, self.text)
        for child in slots.get("condition", ()):
            condition = element_text(child, self.text)
        actions = []
        for child in slots.get("action", ()):
            a = _attr_map(child)
            actions.append(
                A.Action(
                    element=child.info(),
                    id=_value(a.get("id")),
                    label=_value(a.get("label")),
                    goto=_value(a.get("goto")),
                )
            )
        return A.Checkpoint(
            **common,
            prompt=prompt,
            timeout=_value(attrs.get("timeout")),
            default=_value(attrs.get("default")),
            condition=condition,
            actions=tuple(actions),
        )

    def _build_phase(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        name = _value(attrs.get("name")) or common["id"]
        return A.Phase(**common, name=name, children=self.nodes_of(element))

    def _build_context(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        entries = []
        for child in slots.get("set", ()):
            a = _attr_map(child)
            key = _present(a.get("key")) or _present(a.get("var"))
            if key is None:
                self.report(
                    "VALID_MISSING_REQUIRED_FIELD",
                    "error",
                    f'<set> in context "{label}" requires a "key" attribute',
                    child.anchor,
                    ('Add key="name" to the <set> element',),
                )
            entries.append(
                A.ContextEntry(
                    element=child.info(),
                    key=key.value if key is not None else None,
                    value=_value_or_empty(a.get("value"), child),
                )
            )
        return A.Context(**common, entries=tuple(entries))

    def _build_set(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        var = _value(attrs.get("var"))
        if not var:
            self.report(
                "VALID_MISSING_REQUIRED_FIELD",
                "error",
                '<set> requires a "var" attribute',
                element.anchor,
                ('Add var="variable-name" to the <set> element',),
            )
        return A.Set(**common, var=var or None, value=_value_or_empty(attrs.get("value"), element))

    def _duration(self, element: XmlElement, attrs: dict[str, Attribute]) -> SourceText | None:
        duration = _value(attrs.get("duration"))
        if not duration:
            example = "5s" if element.name == "delay" else "30s"
            self.report(
                "VALID_MISSING_REQUIRED_FIELD",
                "error",
                f'<{element.name}> requires a "duration" attribute',
                element.anchor,
                (f'Add duration="{example}" to the <{element.name}> element',),
            )
            return None
        return duration

    def _build_delay(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        return A.Delay(**common, duration=self._duration(element, attrs))

    def _build_timeout(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        return A.Timeout(
            **common,
            duration=self._duration(element, attrs),
            on_timeout=_value(attrs.get("on-timeout")) or None,
            children=self.nodes_of(element),
        )

    def _workflow(self, element: XmlElement, attrs: dict[str, Attribute]) -> SourceText | None:
        workflow = _value(attrs.get("workflow"))
        if not workflow:
            tag = element.name
            self.report(
                "VALID_MISSING_REQUIRED_FIELD",
                "error",
                f'<{tag}> requires a "workflow" attribute',
                element.anchor,
                (f'Add workflow="./sub-workflow.flow.md" to the <{tag}> element',),
            )
            return None
        return workflow

    def _build_include(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        bindings = []
        for child in slots.get("bind", ()):
            a = _attr_map(child)
            key = _present(a.get("key"))
            bindings.append(
                A.Binding(
                    element=child.info(), key=key.value if key else None, value=_value_or_empty(a.get("value"), child)
                )
            )
        return A.Include(**common, workflow=self._workflow(element, attrs), bindings=tuple(bindings))

    def _build_call(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        common: dict[str, Any],
        label: str,
    ) -> Node:
        args = {name: attr.value for name, attr in attrs.items() if name not in ("id", "input", "workflow")}
        return A.Call(**common, workflow=self._workflow(element, attrs), args=args)

    # -- on-error ----------------------------------------------------------------------------------------------

    def build_on_error(self, element: XmlElement, label: str) -> A.OnError:
        retry: A.Retry | None = None
        fallback: A.Fallback | None = None
        for child in element.children:
            if not isinstance(child, XmlElement):
                continue
            a = _attr_map(child)
            if child.name == "retry":
                self.check_child_attributes(child, "retry")
                max_attr = _present(a.get("max"))
                if max_attr is not None and "{{" not in max_attr.value and not _INT.match(max_attr.value):
                    self.report(
                        "VALID_INVALID_FIELD_TYPE",
                        "error",
                        f'Invalid retry max "{max_attr.value}" in node "{label}"',
                        max_attr.value_range,
                        ("max must be a non-negative integer",),
                    )
                backoff = _present(a.get("backoff"))
                if backoff is not None and "{{" not in backoff.value and backoff.value not in _BACKOFFS:
                    self.report(
                        "VALID_INVALID_FIELD_TYPE",
                        "error",
                        f'Invalid retry backoff "{backoff.value}" in node "{label}"',
                        backoff.value_range,
                        ("Use linear, exponential or fixed",),
                    )
                retry = A.Retry(
                    element=child.info(),
                    when=_value(a.get("when")),
                    max=_value(a.get("max")),
                    backoff=_value(a.get("backoff")),
                )
            elif child.name == "fallback":
                self.check_child_attributes(child, "fallback")
                ref = _present(a.get("node")) or _present(a.get("ref"))
                if ref is None:
                    self.report(
                        "VALID_MISSING_REQUIRED_FIELD",
                        "error",
                        '<fallback> requires a "node" attribute',
                        child.anchor,
                        ('Add node="fallback-node-id"',),
                    )
                fallback = A.Fallback(
                    element=child.info(), node=ref.value if ref else None, node_range=ref.value_range if ref else None
                )
            else:
                self.report(
                    "VALID_UNKNOWN_FIELD",
                    "warning",
                    f"Unknown element <{child.name}> inside <on-error>; it is ignored",
                    child.anchor,
                )
        return A.OnError(element=element.info(), retry=retry, fallback=fallback)


def _attr_map(element: XmlElement) -> dict[str, Attribute]:
    return {attr.name: attr for attr in element.attributes}


def _present(attr: Attribute | None) -> Attribute | None:
    """The attribute when its (trimmed) value is non-empty."""
    return attr if attr is not None and attr.value else None


def _value(attr: Attribute | None) -> SourceText | None:
    return attr.value if attr is not None else None


def _value_or_empty(attr: Attribute | None, element: XmlElement) -> SourceText:
    return attr.value if attr is not None else SourceText.empty(element.anchor[1])


_BUILDERS = {kind: getattr(_Builder, f"_build_{kind}") for kind in NODE_KINDS}
_NON_BLANK = re.compile(r"[^ \t\r\n]")


def build_workflow(root: XmlElement, text: str, diagnostics: list[Diagnostic]) -> A.Workflow:
    return _Builder(text, diagnostics).build(root)
