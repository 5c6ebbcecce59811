"""The parser never raises on user input: random and mutated files, huge files, deep nesting, bombs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.syntax import parse_document, walk
from server.syntax.nodespec import build_node_spec, issue_range
from tests.syntax.syntax_helpers import apply_edits, edits

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").rglob("*.flow.md"))
SEEDS = [path.read_text(encoding="utf-8") for path in EXAMPLES]
FM = '---\nname: big\nversion: "1.0"\n---\n'

ALPHABET = st.sampled_from(
    [
        *list("<>/=\"'&;!?[]-{}:# \t\r\n\ufeffaxé✓😀"),
        "<workflow>",
        "</workflow>",
        "---\n",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "&amp;",
        "&#x41;",
        "<source ",
        "/>",
        '<set var="v"/>',
        "<on-error>",
        "<case ",
        "id=",
        "<!DOCTYPE",
        "<?",
        "?>",
        "*a",
        "&a ",
        "<<: ",
    ]
)


def check(text: str) -> None:
    doc = parse_document(text)
    n = len(doc.text)
    for d in doc.diagnostics:
        assert 0 <= d.start <= d.end <= n, d
        for related in d.related:
            assert 0 <= related.start <= related.end <= n, d
    if doc.workflow is not None:
        for node, _ in walk(doc.workflow):
            assert 0 <= node.anchor[0] <= node.anchor[1] <= n
            assert 0 <= node.range[0] <= node.range[1] <= n
            spec = build_node_spec(node)
            for key in spec.config:
                start, end = issue_range(node, (key,), "value", (0, 1))
                assert 0 <= start <= end <= n


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_random_text_never_raises(text: str) -> None:
    check(text)
    check(FM + text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    edits(ALPHABET),
)
def test_mutated_examples_never_raise(seed: str, changes: list[tuple[int, int, str]]) -> None:
    check(apply_edits(seed, changes))


def test_every_prefix_of_an_example_parses() -> None:
    seed = next(s for s, p in zip(SEEDS, EXAMPLES, strict=True) if p.name == "order-digest.flow.md")
    for cut in range(0, len(seed), 7):
        check(seed[:cut])


@pytest.mark.slow
def test_ten_megabyte_file() -> None:
    node = (
        '  <transform id="t{i}" type="template" input="t{j}">'
        "<template>Hi {{{{input}}}} &amp; more</template></transform>\n"
    )
    parts = []
    size = 0
    i = 0
    while size < 10_000_000:
        chunk = node.format(i=i, j=max(i - 1, 0))
        parts.append(chunk)
        size += len(chunk)
        i += 1
    text = FM + "<workflow>\n" + "".join(parts) + "</workflow>\n"
    start = time.perf_counter()
    doc = parse_document(text)
    elapsed = time.perf_counter() - start
    assert doc.workflow is not None and len(doc.workflow.nodes) == i
    assert doc.diagnostics == ()
    assert elapsed < 120


@pytest.mark.slow
def test_ten_megabyte_damaged_file_gives_diagnostics() -> None:
    good = '  <set var="v{i}" value="{{{{1 + 2}}}} and some padding text to make the line longer"/>\n'
    bad = '  <set var="b{i}" value="x/>\n  <delay id="d{i}" duration="1s">a < b\n'
    parts = []
    size = 0
    i = 0
    while size < 10_000_000:
        chunk = (bad if i % 500 == 0 else good).format(i=i)
        parts.append(chunk)
        size += len(chunk)
        i += 1
    text = FM + "<workflow>\n" + "".join(parts) + "</workflow>\n"
    doc = parse_document(text)
    damaged = (i + 499) // 500
    messages = [d.message for d in doc.diagnostics]
    assert messages.count("Unterminated attribute value") == damaged
    assert messages.count('Unescaped "<" in text; write &lt;') == damaged
    assert messages.count("Element <delay> is not closed") == damaged
    assert doc.workflow is not None and len(list(walk(doc.workflow))) == i + damaged


def test_dense_garbage_stays_linear() -> None:
    unit = "<a b='1' c=d <e> & </f> "
    small = FM + "<workflow>\n" + unit * 5_000
    large = FM + "<workflow>\n" + unit * 40_000
    start = time.process_time()
    parse_document(small)
    t_small = time.process_time() - start
    start = time.process_time()
    doc = parse_document(large)
    t_large = time.process_time() - start
    assert doc.diagnostics
    assert all(0 <= d.start <= d.end <= len(large) for d in doc.diagnostics)
    assert t_large < 8 * 4 * max(t_small, 0.01)  # 8x the input: far from quadratic (64x)


def test_ten_thousand_deep_node_nesting() -> None:
    depth = 10_000
    body = "".join(f'<loop id="l{k}" max="2">' for k in range(depth)) + '<set var="x"/>' + "</loop>" * depth
    doc = parse_document(FM + "<workflow>" + body + "</workflow>")
    assert doc.diagnostics == ()
    assert doc.workflow is not None
    nodes = list(walk(doc.workflow))
    assert len(nodes) == depth + 1
    last, ancestors = nodes[-1]
    assert last.kind == "set" and len(ancestors) == depth
    assert build_node_spec(doc.workflow.nodes[0]).slots == {"body": ("l1",)}


def test_ten_thousand_deep_unclosed_and_unknown_elements() -> None:
    depth = 10_000
    doc = parse_document(FM + "<workflow>" + "<if id='i' condition='x'><then>" * depth)
    assert len([d for d in doc.diagnostics if d.code == "PARSE_XML_INVALID"]) == 2 * depth + 1
    doc = parse_document(FM + "<workflow>" + "<a>" * depth + "</a>" * depth + "</workflow>")
    assert [d.code for d in doc.diagnostics] == ["VALID_UNKNOWN_NODE_TYPE"]
    doc = parse_document(
        FM
        + "<workflow><source id='s' url='https://x'><headers>"
        + "<a>" * depth
        + "x"
        + "</a>" * depth
        + "</headers></source></workflow>"
    )
    assert doc.diagnostics == ()


def test_yaml_deep_nesting_gives_a_diagnostic_or_a_value() -> None:
    depth = 10_000
    doc = parse_document(f"---\nname: x\nversion: '1.0'\nschemas: {'[' * depth}{']' * depth}\n---\n<workflow/>\n")
    assert all(d.code.startswith(("PARSE_", "VALID_")) for d in doc.diagnostics)


def test_yaml_alias_bomb_is_bounded() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 16)]
    text = "---\nname: x\nversion: '1.0'\nschemas:\n  " + "\n  ".join(lines) + "\n---\n<workflow/>\n"
    start = time.perf_counter()
    doc = parse_document(text)
    assert time.perf_counter() - start < 5
    assert [d.code for d in doc.diagnostics] == ["PARSE_YAML_INVALID"]


def test_xml_entity_and_doctype_bomb_is_never_expanded() -> None:
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    entities[1] = '<!ENTITY lol1 "' + "&lol;" * 10 + '">'
    text = FM + "<!DOCTYPE lolz [" + "".join(entities) + "]>\n<workflow><set var='v' value='&lol9;'/></workflow>\n"
    start = time.perf_counter()
    doc = parse_document(text)
    assert time.perf_counter() - start < 2
    assert [d.message for d in doc.diagnostics] == ["DOCTYPE declarations are not allowed"]
    assert doc.workflow is not None
    assert str(doc.workflow.nodes[0].value) == "&lol9;"  # type: ignore[attr-defined]


def test_invalid_utf8_replacement_chars_and_nul() -> None:
    text = b"---\nname: \xff\xfe\nversion: '1.0'\n---\n<workflow><set var='\x00v'/></workflow>\n".decode(
        "utf-8", "replace"
    )
    check(text)
