"""Every feature end to end through pytest-lsp, with VS Code and Neovim capabilities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import SAMPLE, open_and_diagnose, position_of


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def opened(client: LanguageClient, workdir: Path, text: str = SAMPLE) -> str:
    uri, _ = await open_and_diagnose(client, workdir / "flow.flow.md", text)
    return uri


def labels(result: object) -> list[str]:
    items = result.items if isinstance(result, types.CompletionList) else result
    assert isinstance(items, list)
    return [item.label for item in items]


async def test_hover_on_node_shows_kind_and_runtime_keys(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=position_of(SAMPLE, "<source", 2))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "<source>" in hover.contents.value and "`url` (required)" in hover.contents.value


async def test_hover_on_config_reference_shows_static_value(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=position_of(SAMPLE, "$config.min_total", 10))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "`number`" in hover.contents.value and "`100`" in hover.contents.value
    assert "Smallest order total" in hover.contents.value


async def test_hover_on_function_shows_signature(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=position_of(SAMPLE, "length(input)", 2))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "length(" in hover.contents.value


async def test_hover_on_a_diagnostic_shows_its_rule(client: LanguageClient, workdir: Path) -> None:
    text = SAMPLE.replace("{{$config.out_dir}}", "{{$config.nope}}")
    uri = await opened(client, workdir, text)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri), position=position_of(text, "$config.nope", 9))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "VALID_UNDEFINED_CONFIG_REF" in hover.contents.value
    assert "is not declared under `config:`" in hover.contents.value  # from the rule's documentation page


@pytest.mark.parametrize(
    ("edit", "marker", "delta", "expected", "absent"),
    [
        ("<sink id", "<sink id", 1, {"source", "transform", "branch", "foreach"}, set()),
        ('<sink id="save" ', '<sink id="save" ', 16, {"pretty", "createDir"}, {"id", "path", "url"}),
        ('<transform id="large" type="', 'type="filter"', 6, {"template", "ai", "map", "filter", "reduce"}, set()),
        ('input="digest"', 'input="digest"', 7, {"orders", "large", "digest", "save"}, set()),
        ("type: bearer", "type: bearer", 6, {"none", "bearer", "basic", "oauth2", "api_key"}, set()),
        ("{{$config.out_dir}}", "{{$config.out_dir}}", 10, {"min_total", "out_dir"}, set()),
        ("{{$secrets.SHOP_TOKEN}}", "{{$secrets.SHOP_TOKEN}}", 11, {"SHOP_TOKEN"}, set()),
        ("{{length(input)}}", "{{length(input)}}", 2, {"length", "input", "orders", "$config", "upper"}, set()),
        ("<condition>item", "<condition>item", 11, {"item", "index", "$config", "round"}, set()),
    ],
)
async def test_completion(
    client: LanguageClient, workdir: Path, edit: str, marker: str, delta: int, expected: set[str], absent: set[str]
) -> None:
    uri = await opened(client, workdir)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(uri), position=position_of(SAMPLE, marker, delta))
    )
    found = set(labels(result))
    assert expected <= found, expected - found
    assert not absent & found


async def test_function_completion_carries_signature(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc_id(uri), position=position_of(SAMPLE, "{{length(input)}}", 2))
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    assert items is not None
    length = next(item for item in items if item.label == "length")
    assert length.detail is not None and length.detail.startswith("length(")


async def test_signature_help_tracks_the_active_argument(client: LanguageClient, workdir: Path) -> None:
    text = SAMPLE.replace("{{length(input)}}", "{{pad_start(input, 3)}}")
    uri = await opened(client, workdir, text)
    help_ = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=doc_id(uri), position=position_of(text, "pad_start(input, 3)", 17))
    )
    assert help_ is not None
    assert help_.signatures[0].label.startswith("pad_start(")
    assert help_.active_parameter == 1


async def test_definition_of_input_reference(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc_id(uri), position=position_of(SAMPLE, 'input="orders"', 8))
    )
    assert isinstance(result, list) and len(result) == 1
    assert result[0].range.start == position_of(SAMPLE, 'id="orders"', 4)


async def test_definition_of_config_and_secret(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    for needle, delta, target in (("$config.out_dir", 9, "out_dir:"), ("$secrets.SHOP_TOKEN", 10, "SHOP_TOKEN]")):
        result = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc_id(uri), position=position_of(SAMPLE, needle, delta))
        )
        assert isinstance(result, list) and result[0].range.start == position_of(SAMPLE, target)


async def test_references_include_expressions(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    result = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(uri),
            position=position_of(SAMPLE, 'id="orders"', 5),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert result is not None
    starts = sorted((loc.range.start.line, loc.range.start.character) for loc in result)
    expected = [position_of(SAMPLE, n, d) for n, d in (('id="orders"', 4), ('input="orders"', 7), ("orders.output", 0))]
    assert starts == sorted((p.line, p.character) for p in expected)


async def test_rename_node_everywhere(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc_id(uri), position=position_of(SAMPLE, 'id="orders"', 5), new_name="shop")
    )
    assert edit is not None and edit.changes is not None
    assert len(edit.changes[uri]) == 3 and {e.new_text for e in edit.changes[uri]} == {"shop"}


@pytest.mark.parametrize(
    ("new_name", "reason"), [("large", "already exists"), ("my-orders", "expressions"), ("a b", "not a valid node id")]
)
async def test_rename_refuses_duplicates_and_invalid_ids(
    client: LanguageClient, workdir: Path, new_name: str, reason: str
) -> None:
    uri = await opened(client, workdir)
    with pytest.raises(Exception, match=reason):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=doc_id(uri), position=position_of(SAMPLE, 'id="orders"', 5), new_name=new_name
            )
        )


async def test_document_symbols_are_nested(client: LanguageClient, workdir: Path) -> None:
    text = SAMPLE.replace(
        '  <sink id="save"',
        '  <if id="gate" condition="true"><then><set var="flag" value="1"/></then></if>\n  <sink id="save"',
    )
    uri = await opened(client, workdir, text)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(uri)))
    assert symbols is not None
    names = [s.name for s in symbols]
    assert names == [
        "$config.min_total",
        "$config.out_dir",
        "$secrets.SHOP_TOKEN",
        "orders",
        "large",
        "digest",
        "gate",
        "save",
    ]
    gate = next(s for s in symbols if isinstance(s, types.DocumentSymbol) and s.name == "gate")
    assert gate.children is not None and [c.name for c in gate.children] == ["flag"]


async def test_folding_ranges_cover_frontmatter_nodes_and_footer(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    ranges = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc_id(uri)))
    assert ranges is not None
    spans = {(r.start_line, r.end_line) for r in ranges}
    lines = SAMPLE.split("\n")
    assert (0, lines.index("---", 1)) in spans
    assert (position_of(SAMPLE, "<source").line, position_of(SAMPLE, "</source>").line) in spans
    assert (lines.index("## Notes"), lines.index("Free text.")) in spans


async def test_code_actions_offer_fixes_and_preview(client: LanguageClient, workdir: Path) -> None:
    text = SAMPLE.replace('input="large">', 'input="large" >').replace(
        "<condition>item.total >= $config.min_total</condition>", "<condition>{{item.total >= 1}}</condition>"
    )
    uri = await opened(client, workdir, text)
    at = position_of(text, "{{item.total", 3)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc_id(uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert actions is not None
    titles = [a.title for a in actions]
    assert "Remove the {{ }}" in titles
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and a.title == "Remove the {{ }}")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.edit is not None and fix.diagnostics
    assert "Preview node large" in titles


async def test_code_lens_preview_above_each_node(client: LanguageClient, workdir: Path) -> None:
    uri = await opened(client, workdir)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc_id(uri)))
    assert lenses is not None
    commands = [lens.command for lens in lenses if lens.command is not None]
    assert [c.arguments[0]["nodeId"] for c in commands if c.arguments] == ["orders", "large", "digest", "save"]
    assert {c.command for c in commands} == {"flowscript.previewNode"}
    assert lenses[0].range.start == position_of(SAMPLE, "<source")


PREVIEWABLE = """\
---
name: greet
version: "1.0"
config:
  who: {type: string, default: world}
---
<workflow>
  <transform id="greeting" type="template"><template>Hello {{$config.who}}</template></transform>
</workflow>
"""


async def test_preview_command_returns_structured_results(client: LanguageClient, workdir: Path) -> None:
    uri, _ = await open_and_diagnose(client, workdir / "greet.flow.md", PREVIEWABLE)

    async def preview(arguments: list[object]) -> dict[str, Any]:
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="flowscript.previewNode", arguments=arguments)
        )
        assert isinstance(result, dict)
        return result

    ran = await preview([{"uri": uri, "nodeId": "greeting"}])
    assert ran["ok"] is True and ran["nodeId"] == "greeting" and ran["uri"] == uri
    assert ran["output"] == "Hello world"
    unknown = await preview([{"uri": uri, "nodeId": "nope"}])
    assert unknown["ok"] is False and unknown["error"]["code"] == "UNKNOWN_NODE"
    bad = await preview([{"uri": uri}])
    assert bad["error"]["code"] == "INVALID_ARGUMENTS"
