"""Element tree → node model (LANGUAGE.md §5, §7).

Pass 1 (:class:`~server.syntax.structure.Classifier`) sorts elements into slots in pre-order; pass 2 builds the nodes in
reverse pre-order, so every child exists before its parent. User nesting depth never reaches the Python stack. A body
that needs no diagnostic is first tried in one pass (:mod:`server.syntax.plainbuild`).
"""

from __future__ import annotations

from server.diagnostics import Diagnostic
from server.syntax import ast as A
from server.syntax import rules as R
from server.syntax.ast import NODE_KINDS, Attribute, Node, Span
from server.syntax.config import extract_config
from server.syntax.onerror import build_on_error
from server.syntax.plainbuild import PlainBuilding
from server.syntax.sourcetext import SourceText
from server.syntax.structure import attr_map, attr_value, present
from server.syntax.xmlnodes import XmlElement, element_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

__all__ = ["build_workflow"]


class _Builder(PlainBuilding):
    """Pass 2: one node object per node element, children first."""

    def __init__(self, text: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(text, diagnostics)
        self.built: dict[int, Any] = {}

    # -- pass 2: building --------------------------------------------------------------------------------------

    def nodes_of(self, element: XmlElement) -> tuple[Node, ...]:
        slots = self.slots.get(id(element))
        nodes = slots.get("nodes") if slots is not None else None
        if not nodes:
            return ()
        built = self.built
        return tuple([built[id(c)] for c in nodes])

    def build(self, root: XmlElement) -> A.Workflow:
        order = self.classify(root)
        built = self.built
        build_node = self.build_node
        nodes_of = self.nodes_of
        for element, role in reversed(order):
            if role == "node":
                built[id(element)] = build_node(element)
            elif role == "list":
                built[id(element)] = nodes_of(element)
        return A.Workflow(root.info(), nodes_of(root))

    def build_node(self, element: XmlElement) -> Node:
        kind = element.name
        attributes = element.attributes
        anchor = element.anchor
        info = A.ElementInfo(kind, anchor, element.start_tag, element.end_tag, (anchor[0], element.end), attributes)
        if attributes:
            attrs = {}
            for attr in attributes:  # a loop, not a comprehension: no function call (Python 3.11)
                attrs[attr.name] = attr
        else:
            attrs = _NO_ATTRS
        slots = self.slots.get(id(element), _NO_SLOTS)
        ident = attrs.get("id")
        if ident is None or not ident.value:
            ident = None
            if kind == "phase":
                ident = present(attrs.get("name"))
            elif kind == "set":
                ident = present(attrs.get("var"))
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
            id_value = None
            label = f"<{kind}>"
        else:
            id_value = ident.value
            label = str(id_value)
        inp = attrs.get("input")
        if inp is not None and not inp.value:
            inp = None
        on_error_el = slots.get("on-error")
        on_error = build_on_error(self, on_error_el[0], label) if on_error_el else None
        # the fields of Node (LANGUAGE.md §5.3), in their declaration order
        head = (
            kind,
            id_value,
            ident.value_range if ident is not None else None,
            inp.value if inp is not None else None,
            inp.value_range if inp is not None else None,
            on_error,
            info,
        )
        allowed = _ALLOWED_ATTRS.get(kind)
        if allowed is not None:
            for attr in attributes:
                if attr.name not in allowed:
                    self.unknown_attribute(attr, kind, allowed)
        configured = _CONFIGURED.get(kind)
        if configured is not None:
            return self._configured(configured, element, attrs, slots, head, label)
        node: Node = _BUILDERS[kind](self, element, attrs, slots, head, label)
        return node

    # -- per kind ----------------------------------------------------------------------------------------------

    def _configured(
        self,
        cls: type[A._Configured],
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        kind = element.name
        type_attr = attrs.get("type")
        if type_attr is not None and not type_attr.value:
            type_attr = None
        type_name = str(type_attr.value) if type_attr is not None else R.TYPES[kind][0]
        valid = type_name in R.TYPES[kind]
        if not valid and type_attr is not None:
            message, hint = R.TYPE_MESSAGES[kind]
            self.report(
                "VALID_INVALID_FIELD_TYPE", "error", message.format(t=type_name), type_attr.value_range, (hint,)
            )
        config = extract_config(
            element, slots.get("config", _NO_ELEMENTS), kind, type_name, label, self.text, self.diags
        )
        return cls(*head, type_name, type_attr.value_range if type_attr is not None else None, valid, config)

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
        head: _Head,
        label: str,
    ) -> Node:
        cases = tuple(
            A.Case(element=c.info(), when=attr_value(attr_map(c).get("when")), nodes=self.built[id(c)])
            for c in slots.get("case", ())
        )
        defaults = slots.get("default")
        default: tuple[Node, ...] | None = None
        if defaults:
            default = tuple(n for d in defaults for n in self.built[id(d)])
        return A.Branch(*head, cases=cases, default=default, default_elements=tuple(d.info() for d in defaults or ()))

    def _build_if(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        thens = slots.get("then", [])
        elses = slots.get("else")
        return A.If(
            *head,
            condition=attr_value(attrs.get("condition")),
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
        head: _Head,
        label: str,
    ) -> Node:
        max_value = attr_value(attrs.get("max"))
        iterations = None
        if max_value is not None and R.INT.match(max_value.strip()) and int(max_value) > 0:
            iterations = int(max_value)
        return A.Loop(
            *head,
            max=max_value,
            max_iterations=iterations,
            break_=attr_value(attrs.get("break")),
            body=self.nodes_of(element),
        )

    def _build_while(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        return A.While(*head, condition=attr_value(attrs.get("condition")), body=self.nodes_of(element))

    def _build_foreach(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        return A.Foreach(
            *head,
            collection=attr_value(attrs.get("collection")),
            item=attr_value(attrs.get("item")),
            concurrency=attr_value(attrs.get("concurrency")),
            body=self.nodes_of(element),
        )

    def _build_parallel(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        return A.Parallel(
            *head,
            wait=attr_value(attrs.get("wait")),
            merge=attr_value(attrs.get("merge")),
            branch_slots=tuple(
                A.ParallelBranch(element=b.info(), nodes=self.built[id(b)]) for b in slots.get("branch", ())
            ),
        )

    def _build_checkpoint(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        prompt = attr_value(attrs.get("prompt"))
        condition = attr_value(attrs.get("condition"))
        # a child's text wins over the attribute unless it is empty (empty texts count as absent, LANGUAGE.md §4.3)
        for child in slots.get("prompt", ()):
            prompt = element_text(child, self.text) or prompt
        for child in slots.get("condition", ()):
            condition = element_text(child, self.text) or condition
        actions = []
        for child in slots.get("action", ()):
            a = attr_map(child)
            actions.append(
                A.Action(
                    element=child.info(),
                    id=attr_value(a.get("id")),
                    label=attr_value(a.get("label")),
                    goto=attr_value(a.get("goto")),
                )
            )
        return A.Checkpoint(
            *head,
            prompt=prompt,
            timeout=attr_value(attrs.get("timeout")),
            default=attr_value(attrs.get("default")),
            condition=condition,
            actions=tuple(actions),
        )

    def _build_phase(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        name = attr_value(attrs.get("name")) or head[1]
        return A.Phase(*head, name=name, children=self.nodes_of(element))

    def _build_context(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        entries = []
        for child in slots.get("set", ()):
            a = attr_map(child)
            key = present(a.get("key")) or present(a.get("var"))
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
        return A.Context(*head, entries=tuple(entries))

    def _build_set(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        var = attr_value(attrs.get("var"))
        if not var:
            self.report(
                "VALID_MISSING_REQUIRED_FIELD",
                "error",
                '<set> requires a "var" attribute',
                element.anchor,
                ('Add var="variable-name" to the <set> element',),
            )
        return A.Set(*head, var=var or None, value=_value_or_empty(attrs.get("value"), element))

    def _duration(self, element: XmlElement, attrs: dict[str, Attribute]) -> SourceText | None:
        duration = attr_value(attrs.get("duration"))
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
        head: _Head,
        label: str,
    ) -> Node:
        return A.Delay(*head, duration=self._duration(element, attrs))

    def _build_timeout(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        return A.Timeout(
            *head,
            duration=self._duration(element, attrs),
            on_timeout=attr_value(attrs.get("on-timeout")) or None,
            children=self.nodes_of(element),
        )

    def _workflow(self, element: XmlElement, attrs: dict[str, Attribute]) -> SourceText | None:
        workflow = attr_value(attrs.get("workflow"))
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
        head: _Head,
        label: str,
    ) -> Node:
        bindings = []
        for child in slots.get("bind", ()):
            a = attr_map(child)
            key = present(a.get("key"))
            bindings.append(
                A.Binding(
                    element=child.info(), key=key.value if key else None, value=_value_or_empty(a.get("value"), child)
                )
            )
        return A.Include(*head, workflow=self._workflow(element, attrs), bindings=tuple(bindings))

    def _build_call(
        self,
        element: XmlElement,
        attrs: dict[str, Attribute],
        slots: dict[str, list[XmlElement]],
        head: _Head,
        label: str,
    ) -> Node:
        args = {name: attr.value for name, attr in attrs.items() if name not in ("id", "input", "workflow")}
        return A.Call(*head, workflow=self._workflow(element, attrs), args=args)


_Head: TypeAlias = tuple[
    str, SourceText | None, Span | None, SourceText | None, Span | None, A.OnError | None, A.ElementInfo
]
_CONFIGURED: dict[str, type[A._Configured]] = {"source": A.Source, "transform": A.Transform, "sink": A.Sink}
_NO_ATTRS: dict[str, Attribute] = {}
_NO_SLOTS: dict[str, list[XmlElement]] = {}
_NO_ELEMENTS: list[XmlElement] = []
# the attributes a node element may carry (None: any, the rest is config or call arguments)
_ALLOWED_ATTRS: dict[str, tuple[str, ...]] = {
    kind: ("id", "input", *R.NODE_ATTRS[kind]) for kind in NODE_KINDS if kind not in R.CONFIGURED and kind != "call"
}


def _value_or_empty(attr: Attribute | None, element: XmlElement) -> SourceText:
    return attr.value if attr is not None else SourceText.empty(element.anchor[1])


_BUILDERS = {kind: getattr(_Builder, f"_build_{kind}") for kind in NODE_KINDS}


def build_workflow(root: XmlElement, text: str, diagnostics: list[Diagnostic]) -> A.Workflow:
    workflow = _Builder(text, diagnostics).build_plain(root)
    if workflow is None:  # something to report: the general two passes, from scratch
        workflow = _Builder(text, diagnostics).build(root)
    return workflow
