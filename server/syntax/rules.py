"""Tables of the parse-time structure rules (LANGUAGE.md §5, §7; DIAGNOSTICS.md §4.3–4.4): allowed attributes and
children, hints for unknown and misplaced elements, type sets and their messages."""

from __future__ import annotations

from runtimes.lazyre import lazy_compile
from server.syntax.ast import NODE_KINDS

__all__ = [
    "ATTR_ALIASES",
    "BACKOFFS",
    "CHILD_ATTRS",
    "CONFIGURED",
    "INT",
    "LIST_NODES",
    "MISPLACED_NODE_HINT",
    "NODE_ATTRS",
    "NODE_SET",
    "PROPER_PARENT",
    "SLOTS",
    "SPECIFIC_HINTS",
    "STRUCTURAL",
    "TYPES",
    "TYPE_MESSAGES",
    "VALID_NODE_TYPES",
]

NODE_SET = frozenset(NODE_KINDS)
VALID_NODE_TYPES = "Valid node types: " + ", ".join(NODE_KINDS)
LIST_NODES = frozenset(("loop", "while", "foreach", "phase", "timeout"))
CONFIGURED = frozenset(("source", "transform", "sink"))
TYPES = {
    "source": ("http", "file", "database"),
    "transform": ("template", "ai", "map", "filter", "reduce"),
    "sink": ("http", "file", "database", "email"),
}
TYPE_MESSAGES = {
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
NODE_ATTRS: dict[str, tuple[str, ...]] = {
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
CHILD_ATTRS: dict[str, tuple[str, ...]] = {
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
ATTR_ALIASES = {
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
PROPER_PARENT = {
    "case": "<case> belongs inside <branch>",
    "default": "<default> belongs inside <branch>",
    "then": "<then> belongs inside <if>",
    "else": "<else> belongs inside <if>",
    "bind": "<bind> belongs inside <include>",
    "action": "<action> belongs inside <checkpoint>",
    "retry": "<retry> belongs inside <on-error>",
    "fallback": "<fallback> belongs inside <on-error>",
}
SPECIFIC_HINTS = {
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
    SPECIFIC_HINTS[_name] = f"<{_name}> is not supported"
STRUCTURAL = frozenset(("case", "default", "then", "else", "bind", "action", "retry", "fallback"))
SLOTS: dict[str, tuple[str, ...]] = {
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
MISPLACED_NODE_HINT = {
    "if": "Put nodes inside <then> or <else>",
    "branch": "Put nodes inside <case> or <default>",
    "parallel": "Put nodes inside <branch>",
}
INT = lazy_compile(r"[0-9]+\Z")
BACKOFFS = frozenset(("linear", "exponential", "fixed"))
