"""Diagnostics end to end: pushed (VS Code 1.65) or pulled (Neovim 0.11), in the negotiated encoding."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import SAMPLE, open_and_diagnose, open_document, pull, pull_mode, wait_published

BROKEN = SAMPLE.replace('<source id="orders"', '<source id="orders" maxIterations="3"').replace(
    "{{$config.out_dir}}", "{{$config.missing}}"
)


async def test_clean_document_has_no_errors(client: LanguageClient, workdir: Path) -> None:
    _, diagnostics = await open_and_diagnose(client, workdir / "ok.flow.md", SAMPLE)
    assert [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error] == []


async def test_problems_are_reported_with_lsp_mapping(client: LanguageClient, workdir: Path) -> None:
    text = '---\nname: x\nversion: "1.0"\n---\n<workflow>\n  <source id="a" type="file" path="a.json">\n</workflow>\n'
    _, diagnostics = await open_and_diagnose(client, workdir / "bad.flow.md", text)
    assert diagnostics, "an unclosed element must be reported"
    unclosed = [d for d in diagnostics if d.code == "PARSE_XML_INVALID"]
    assert unclosed
    first = unclosed[0]
    assert first.source == "flowscript"
    assert first.severity == types.DiagnosticSeverity.Error
    assert first.message.startswith("Element <source> is not closed")
    assert "\nhint: " in first.message
    assert first.range.start == types.Position(line=5, character=2)
    assert first.range.end == types.Position(line=5, character=9)


async def test_positions_use_the_negotiated_encoding(client: LanguageClient, workdir: Path) -> None:
    # "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "😀" is 4 UTF-8 bytes and 2 UTF-16 units.
    text = (
        '---\nname: x\nversion: "1.0"\n---\n'
        '<workflow><!-- é😀 --><source id="a" type="file" path="a.json">\n</workflow>\n'
    )
    _, diagnostics = await open_and_diagnose(client, workdir / "enc.flow.md", text)
    unclosed = next(d for d in diagnostics if d.message.startswith("Element <source>"))
    prefix = "<workflow><!-- é😀 -->"
    expected = len(prefix.encode("utf-8")) if pull_mode(client) else len(prefix.encode("utf-16-le")) // 2
    assert unclosed.range.start.character == expected


async def test_change_is_rechecked_and_never_published_stale(client: LanguageClient, workdir: Path) -> None:
    uri, first = await open_and_diagnose(client, workdir / "edit.flow.md", SAMPLE)
    assert not [d for d in first if d.code == "PARSE_XML_INVALID"]
    broken = SAMPLE.replace("</workflow>", "")
    start = SAMPLE.index("</workflow>")
    line = SAMPLE.count("\n", 0, start)
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=line, character=0), end=types.Position(line=line, character=len("</workflow>"))
        ),
        text="",
    )
    end = types.Position(line=SAMPLE.count("\n"), character=0)
    append = types.TextDocumentContentChangePartial(range=types.Range(start=end, end=end), text="\n")
    after = len(getattr(client, "published", []))
    for version, change in ((2, edit), (3, append)):  # two quick edits: only the last version may be published
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change],
            )
        )
    if pull_mode(client):
        diagnostics = await pull(client, uri)
    else:
        diagnostics = await wait_published(client, uri, 3, after=after)
        versions = [p.version for p in client.published[after:] if p.uri == uri]  # type: ignore[attr-defined]
        assert versions == [3], versions
    assert broken.count("<workflow>") == 1
    assert any(d.message.startswith("Element <workflow> is not closed") for d in diagnostics)


async def test_close_clears_pushed_diagnostics(client: LanguageClient, workdir: Path) -> None:
    if pull_mode(client):
        uri = open_document(client, workdir / "c.flow.md", "not a flow")
        assert await pull(client, uri)
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert list(await pull(client, uri)) == []
        return
    uri, diagnostics = await open_and_diagnose(client, workdir / "c.flow.md", "not a flow")
    assert diagnostics
    after = len(client.published)  # type: ignore[attr-defined]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert list(await wait_published(client, uri, None, after=after)) == []


async def test_flows_including_a_document_are_rechecked_when_it_opens(client: LanguageClient, workdir: Path) -> None:
    main = (
        '---\nname: main\nversion: "1.0"\n---\n'
        '<workflow>\n  <include id="inc" workflow="./sub.flow.md"/>\n</workflow>\n'
    )
    uri, diagnostics = await open_and_diagnose(client, workdir / "main.flow.md", main)
    assert any(d.code == "VALID_UNDEFINED_WORKFLOW_REF" for d in diagnostics)
    sub = '---\nname: sub\nversion: "1.0"\n---\n<workflow>\n</workflow>\n'
    sub_uri = (workdir / "sub.flow.md").as_uri()
    if pull_mode(client):
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=sub_uri, language_id="flowscript", version=1, text=sub)
            )
        )
        rechecked = await pull(client, uri)  # same version of main.flow.md, new result
    else:
        after = len(client.published)  # type: ignore[attr-defined]
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=sub_uri, language_id="flowscript", version=1, text=sub)
            )
        )
        rechecked = await wait_published(client, uri, 1, after=after)
    assert not any(d.code == "VALID_UNDEFINED_WORKFLOW_REF" for d in rechecked)


async def test_pull_reports_unchanged_for_the_same_version(client: LanguageClient, workdir: Path) -> None:
    if not pull_mode(client):
        uri, pushed = await open_and_diagnose(client, workdir / "p.flow.md", "no frontmatter")
        assert [d.code for d in pushed] == [d.code for d in await pull(client, uri)]  # pull works for push clients too
        return
    uri = open_document(client, workdir / "p.flow.md", "no frontmatter")
    ident = types.TextDocumentIdentifier(uri=uri)
    first = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident))
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport | types.FullDocumentDiagnosticReport)
    assert first.items and first.result_id
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=ident, previous_result_id=first.result_id)
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport | types.UnchangedDocumentDiagnosticReport)
    assert again.result_id == first.result_id
