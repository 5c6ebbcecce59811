"""What the editor can know about FlowScript elements: node kinds, attributes, enumerated values (LANGUAGE.md §5).

Runtime config keys and their documentation come from ``runtimes.keys.KEY_TABLES`` (the same table as the parser and
the runtimes), so a new runtime shows up in completion and hover without a server change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runtimes.keys import KeySpec

__all__ = [
    "ATTRIBUTE_VALUES",
    "AUTH_KEY_DOCS",
    "AUTH_TYPES",
    "AUTH_TYPE_DOCS",
    "CHILD_ELEMENTS",
    "ELEMENTS",
    "FRONTMATTER_KEYS",
    "FRONTMATTER_NESTED_KEYS",
    "HTTP_METHODS",
    "NODE_KINDS",
    "NODE_LIST_PARENTS",
    "NODE_REFERENCE_ATTRIBUTES",
    "ElementDoc",
    "runtime_keys",
    "runtime_types",
]


@dataclass(frozen=True, slots=True)
class ElementDoc:
    name: str
    summary: str
    attributes: dict[str, str]
    """Attribute name -> documentation."""


_COMMON = {
    "id": "Unique node id, referenced by `input`, fallbacks and expressions.",
    "input": "Id of the node whose output is `input`.",
}

ELEMENTS: dict[str, ElementDoc] = {
    doc.name: doc
    for doc in (
        ElementDoc(
            "source",
            "Reads data: an HTTP request, a file or a database query.",
            {**_COMMON, "type": "http (default), file or database."},
        ),
        ElementDoc(
            "transform",
            "Transforms its input: template, ai, map, filter or reduce.",
            {**_COMMON, "type": "template (default), ai, map, filter or reduce."},
        ),
        ElementDoc(
            "sink",
            "Writes its input: HTTP, file, database or e-mail.",
            {**_COMMON, "type": "http (default), file, database or email."},
        ),
        ElementDoc(
            "branch", "Runs the nodes of the first `<case>` whose `when` is true, else `<default>`.", dict(_COMMON)
        ),
        ElementDoc(
            "if", "Runs `<then>` or `<else>` depending on `condition`.", {**_COMMON, "condition": "Bare expression."}
        ),
        ElementDoc(
            "loop",
            "Repeats its body up to `max` times, until `break` is true.",
            {**_COMMON, "max": "Positive integer or template.", "break": "Bare expression; stops the loop when true."},
        ),
        ElementDoc(
            "while", "Repeats its body while `condition` is true.", {**_COMMON, "condition": "Bare expression."}
        ),
        ElementDoc(
            "foreach",
            "Runs its body once per element of `collection`.",
            {
                **_COMMON,
                "collection": "Bare expression giving an array.",
                "item": "Name of the item variable (default item).",
                "concurrency": "Parallel iterations (default 1).",
            },
        ),
        ElementDoc(
            "parallel",
            "Runs its `<branch>` elements concurrently and merges the results.",
            {
                **_COMMON,
                "wait": "all (default), any or n(N).",
                "merge": "array (default), concat, object or a custom bare expression over $branches.",
            },
        ),
        ElementDoc(
            "checkpoint",
            "Pauses for a human decision.",
            {
                **_COMMON,
                "prompt": "Question shown to the reviewer (template).",
                "timeout": "Seconds to wait.",
                "default": "reject (default) or approve after the timeout.",
                "condition": "Bare expression; only pause when true.",
            },
        ),
        ElementDoc(
            "phase",
            "Groups nodes under a name.",
            {"id": _COMMON["id"], "name": "Phase name (defaults to the id).", "input": _COMMON["input"]},
        ),
        ElementDoc("context", "Declares context values with `<set key value>` children.", dict(_COMMON)),
        ElementDoc(
            "set",
            "Sets a context variable.",
            {
                "id": _COMMON["id"],
                "var": "Variable name (required).",
                "value": "Value (template).",
                "input": _COMMON["input"],
            },
        ),
        ElementDoc("delay", "Waits for `duration`.", {**_COMMON, "duration": "Duration such as 500ms, 2s, 1m."}),
        ElementDoc(
            "timeout",
            "Runs its children with a time limit.",
            {**_COMMON, "duration": "Time limit such as 30s.", "on-timeout": "Id of the node to run on timeout."},
        ),
        ElementDoc(
            "include",
            "Runs another workflow file inline, with `<bind key value>` inputs.",
            {**_COMMON, "workflow": "Relative path of the .flow.md file."},
        ),
        ElementDoc(
            "call",
            "Calls another workflow; other attributes are its arguments.",
            {
                **_COMMON,
                "workflow": "Relative path of the .flow.md file.",
                "strict": "Fail when the called workflow fails.",
            },
        ),
    )
}
NODE_KINDS: tuple[str, ...] = tuple(ELEMENTS)

NODE_LIST_PARENTS = frozenset(
    {"workflow", "then", "else", "case", "default", "loop", "while", "foreach", "phase", "timeout"}
)
"""Elements whose children are nodes (a parallel `<branch>` too; a `<branch>` node's children are cases)."""

CHILD_ELEMENTS: dict[str, dict[str, str]] = {
    "branch": {
        "case": 'A case: `<case when="expression">` nodes `</case>`.',
        "default": "Nodes run when no case matches.",
    },
    "if": {"then": "Nodes run when the condition is true.", "else": "Nodes run when the condition is false."},
    "parallel": {"branch": "One concurrent branch of nodes."},
    "checkpoint": {
        "prompt": "Question shown to the reviewer (template).",
        "condition": "Only pause when true.",
        "action": "A choice: `<action id label goto>`.",
    },
    "context": {"set": 'A context value: `<set key="name" value="..."/>`.'},
    "include": {"bind": "An input of the included workflow: `<bind key value>`."},
    "on-error": {
        "retry": "`<retry when max backoff>`.",
        "fallback": '`<fallback node="id"/>`: run another node instead.',
    },
}
SUB_ELEMENT_ATTRIBUTES: dict[str, dict[str, str]] = {
    "case": {"when": "Bare expression; the first true case runs."},
    "action": {"id": "Action id.", "label": "Button label.", "goto": "Node to continue with."},
    "set": {"key": "Context key.", "value": "Value (template)."},
    "bind": {"key": "Input name of the included workflow.", "value": "Value (template)."},
    "retry": {
        "when": "Bare expression over error, status, retryable, attempt.",
        "max": "Attempts (default 3).",
        "backoff": "linear, exponential (default) or fixed.",
    },
    "fallback": {"node": "Id of the node to run instead."},
}

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
AUTH_TYPES = ("none", "bearer", "basic", "oauth2", "api_key")
_SECRET = "A credential: reference a secret (`{{$secrets.NAME}}`), do not write it in the file."
AUTH_TYPE_DOCS: dict[str, str] = {
    "none": "No authentication; no header is sent.",
    "bearer": "Requires `token`. Sends `Authorization: Bearer {token}`.",
    "basic": "Requires `username` and `password`. Sends `Authorization: Basic base64(username:password)`.",
    "oauth2": (
        "Requires `token_url` (https), `client_id` and `client_secret`; optional `scope`. Fetches a token with the"
        " client credentials and sends `Authorization: Bearer {token}`."
    ),
    "api_key": "Requires `key`; optional `name` (header name, default `X-API-Key`). Sends `{name}: {key}`.",
}
"""The auth types of an http source or sink (RUNTIMES.md §5.4)."""
AUTH_KEY_DOCS: dict[str, str] = {
    "type": "Authentication type: none, bearer, basic, oauth2 or api_key.",
    "token": f"Bearer token (`bearer`). {_SECRET}",
    "username": "User name (`basic`).",
    "password": f"Password (`basic`). {_SECRET}",
    "token_url": "Token endpoint of the OAuth2 provider (`oauth2`); must be https unless the host is loopback.",
    "client_id": "OAuth2 client id (`oauth2`).",
    "client_secret": f"OAuth2 client secret (`oauth2`). {_SECRET}",
    "scope": "OAuth2 scope (`oauth2`, optional).",
    "key": f"The API key (`api_key`). {_SECRET}",
    "name": "Header name of the API key (`api_key`, default `X-API-Key`).",
}
"""The keys of an ``auth`` object (RUNTIMES.md §5.4)."""
FORMATS = ("json", "text", "csv", "yaml", "auto")
BOOLEANS = ("true", "false")

ATTRIBUTE_VALUES: dict[str, tuple[str, ...]] = {
    "method": HTTP_METHODS,
    "format": FORMATS,
    "operation": ("insert", "upsert", "update"),
    "wait": ("all", "any", "n(2)"),
    "merge": ("array", "concat", "object"),
    "backoff": ("linear", "exponential", "fixed"),
    "pretty": BOOLEANS,
    "createDir": BOOLEANS,
    "strict": BOOLEANS,
    "provider": ("sendgrid",),
}
CHECKPOINT_DEFAULTS = ("reject", "approve")

NODE_REFERENCE_ATTRIBUTES = frozenset({"input", "on-timeout", "goto", "node", "ref"})


def runtime_types(element: str) -> list[str]:
    """Runtime types of source/transform/sink, in the order of RUNTIMES.md §4."""
    from runtimes.keys import KEY_TABLES

    found: list[str] = []
    for key in KEY_TABLES:
        left, _, right = key.partition(":")
        if element == "transform" and left == "transform":
            found.append(right)
        elif right == element:
            found.append(left)
    return found


DEFAULT_TYPES = {"source": "http", "transform": "template", "sink": "http"}


def runtime_keys(element: str, type_: str | None) -> dict[str, KeySpec]:
    """Declared config keys of a source/transform/sink of this type (default type when None)."""
    from runtimes.keys import KEY_TABLES, runtime_key

    if element not in DEFAULT_TYPES:
        return {}
    table = KEY_TABLES.get(runtime_key(element, type_ or DEFAULT_TYPES[element]))
    return dict(table.keys) if table is not None else {}


FRONTMATTER_KEYS: dict[str, str] = {
    "name": "Workflow name (required; a non-blank string).",
    "version": 'Workflow version (required): a quoted string such as `"1.0"` or `"1.2.3"`.',
    "description": "What the workflow does (string).",
    "trigger": (
        "How the workflow starts: `manual`, `webhook` or `schedule`, or a mapping with `type`, `manual`, `schedule`,"
        " `webhook` and `config`."
    ),
    "config": (
        "Configuration fields, `name: {type, default, required, description}`; used as `$config.name` (the default or"
        " a run-time override)."
    ),
    "secrets": "Names of the secrets the workflow uses (`$secrets.NAME`); a secret's value is the environment"
    " variable of the same name.",
    "schemas": "Schemas (a mapping or a list); kept as written, not interpreted.",
    "evolution": "Machine-written lineage: `generation`, `parent`, `fitness`, `learnings`.",
    "runtime": "Engine settings: `timeout`, `retry`, `concurrency`, `context_budget` (preview ignores them).",
    "input": "Declared inputs, `name: type` or `name: {type, required, default, description}`; each name becomes a"
    " root variable in expressions.",
    "output": "Declared outputs, `name: type` or `name: {type, required, default, description}`.",
}
"""Top-level frontmatter keys (LANGUAGE.md §3.2)."""

_IO_FIELD = {
    "type": "Type text such as `string` or `number[]` (not validated).",
    "required": "Boolean.",
    "default": "Any value.",
    "description": "String.",
}
FRONTMATTER_NESTED_KEYS: dict[tuple[str, ...], dict[str, str]] = {
    ("trigger",): {
        "type": "`manual`, `webhook` or `schedule` (default: the first of those keys present, else `manual`).",
        "manual": "Boolean: the workflow can be started by hand.",
        "schedule": "Cron or duration text.",
        "webhook": "A path string, `true`, or a mapping `{path, auth}` (auth: none, basic, bearer or hmac).",
        "config": "Trigger configuration (a mapping).",
    },
    ("trigger", "webhook"): {"path": "Webhook path.", "auth": "none, basic, bearer or hmac."},
    ("runtime",): {
        "timeout": "Duration such as `30s` or `5m`.",
        "retry": "Retries (integer ≥ 0).",
        "concurrency": "Parallel nodes (integer ≥ 1).",
        "context_budget": "Context budget (string or number).",
    },
    ("evolution",): {
        "generation": "Integer ≥ 0.",
        "parent": "Parent workflow (string).",
        "fitness": "Number between 0 and 1.",
        "learnings": "List of strings.",
    },
    ("config", "*"): {
        "type": "string, number, boolean, object or array (inferred from `default` when absent, else string).",
        "default": "The value of `$config.NAME` unless overridden at run time.",
        "required": "Boolean: a value must be given at run time.",
        "description": "What the field is for (string).",
    },
    ("input", "*"): _IO_FIELD,
    ("output", "*"): _IO_FIELD,
}
"""Keys below the top level of the frontmatter (LANGUAGE.md §3.3–3.6); ``*`` is any declared name."""
