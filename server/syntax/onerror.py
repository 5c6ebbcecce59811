"""``<on-error>``: retry and fallback (LANGUAGE.md §7)."""

from __future__ import annotations

from server.syntax import ast as A
from server.syntax import rules as R
from server.syntax.structure import Classifier, attr_map, attr_value, present
from server.syntax.xmlnodes import XmlElement

__all__ = ["build_on_error"]


def build_on_error(classifier: Classifier, element: XmlElement, label: str) -> A.OnError:
    """The error config from a node's first ``<on-error>``; reports bad retry/fallback settings and unknown children."""
    retry: A.Retry | None = None
    fallback: A.Fallback | None = None
    for child in element.children:
        if not isinstance(child, XmlElement):
            continue
        a = attr_map(child)
        if child.name == "retry":
            classifier.check_child_attributes(child, "retry")
            max_attr = present(a.get("max"))
            if max_attr is not None and "{{" not in max_attr.value and not R.INT.match(max_attr.value):
                classifier.report(
                    "VALID_INVALID_FIELD_TYPE",
                    "error",
                    f'Invalid retry max "{max_attr.value}" in node "{label}"',
                    max_attr.value_range,
                    ("max must be a non-negative integer",),
                )
            backoff = present(a.get("backoff"))
            if backoff is not None and "{{" not in backoff.value and backoff.value not in R.BACKOFFS:
                classifier.report(
                    "VALID_INVALID_FIELD_TYPE",
                    "error",
                    f'Invalid retry backoff "{backoff.value}" in node "{label}"',
                    backoff.value_range,
                    ("Use linear, exponential or fixed",),
                )
            retry = A.Retry(
                element=child.info(),
                when=attr_value(a.get("when")),
                max=attr_value(a.get("max")),
                backoff=attr_value(a.get("backoff")),
            )
        elif child.name == "fallback":
            classifier.check_child_attributes(child, "fallback")
            ref = present(a.get("node")) or present(a.get("ref"))
            if ref is None:
                classifier.report(
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
            classifier.report(
                "VALID_UNKNOWN_FIELD",
                "warning",
                f"Unknown element <{child.name}> inside <on-error>; it is ignored",
                child.anchor,
            )
    return A.OnError(element=element.info(), retry=retry, fallback=fallback)
