"""Completion on a flow with thousands of nodes stays bounded and filters by the typed word (in-process)."""

from __future__ import annotations

from lsprotocol import types

from server.lsp.analysis import Analyzer
from server.lsp.cursor import cursor_at
from server.lsp.documents import Snapshot
from server.lsp.features.completion import MAX_ITEMS, bounded, complete
from server.lsp.model import BARE_ATTRIBUTES, BARE_ELEMENTS, model_of

NODES = "\n".join(f'  <transform id="n{i}" type="template"><template>x</template></transform>' for i in range(1500))
TEXT = (
    '---\nname: big\nversion: "1.0"\n---\n<workflow>\n'
    + NODES
    + '\n  <sink id="out" type="file" input="" path="{{n1}}"/>\n</workflow>\n'
)


def completion_at(needle: str) -> list[types.CompletionItem] | types.CompletionList:
    snapshot = Snapshot("file:///tmp/big.flow.md", 1, TEXT, Analyzer())
    model = model_of(snapshot)
    assert model is not None
    offset = TEXT.index(needle) + len(needle)
    cursor = cursor_at(TEXT, offset, BARE_ATTRIBUTES, BARE_ELEMENTS, model.cursor_origin(offset))
    return bounded(complete(cursor, model), cursor.prefix)


def test_expression_completion_is_cut_and_keeps_functions() -> None:
    result = completion_at('path="{{')
    assert isinstance(result, types.CompletionList) and result.is_incomplete
    assert len(result.items) == MAX_ITEMS
    assert "length" in {item.label for item in result.items}


def test_typed_word_filters_node_ids() -> None:
    result = completion_at('path="{{n1')
    items = result.items if isinstance(result, types.CompletionList) else result
    ids = [item.label for item in items if item.kind == types.CompletionItemKind.Reference]
    assert ids and all(label.startswith("n1") for label in ids)
    assert "n1499" in ids or len(ids) == MAX_ITEMS


def test_input_value_completion_filters_node_ids() -> None:
    result = completion_at('<sink id="out" type="file" input="')
    items = result.items if isinstance(result, types.CompletionList) else result
    assert 0 < len(items) <= MAX_ITEMS
