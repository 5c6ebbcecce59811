"""Secrets and config: undeclared, unused, uninterpolated (DIAGNOSTICS.md §4.5, EXPRESSIONS.md §9.2)."""

from __future__ import annotations

from server.diagnostics import Fix
from tests.checks.checks_helpers import codes, flow, one, only, run

FM_SECRETS = (
    '---\nname: demo\nversion: "1.0.0"\nsecrets: [USED, UNUSED]\nconfig:\n  out: {type: string, default: ./out}\n---\n'
)


def _apply(text: str, fix: Fix) -> str:
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    return text


def test_undeclared_secret_every_occurrence_with_declare_fix() -> None:
    text = flow(
        '  <transform id="t"><template>{{$secrets.USED}} {{$secrets.NEW}} {{ $secrets["NEW"] }}</template></transform>',
        FM_SECRETS,
    )
    found = only(run(text), "VALID_UNDEFINED_SECRET_REF")
    assert [f.covered for f in found] == ["NEW", '"NEW"']
    d = found[0].diagnostic
    assert d.message == 'Undeclared secret "NEW" referenced in workflow'
    assert d.hints == ("Declare the secret in frontmatter: secrets: [NEW]", "Currently declared secrets: USED, UNUSED")
    fixed = _apply(text, d.fixes[0])
    assert "secrets: [USED, UNUSED, NEW]" in fixed
    assert "VALID_UNDEFINED_SECRET_REF" not in codes(run(fixed.replace('$secrets["NEW"]', "$secrets.NEW")))


def test_declare_fix_adds_a_secrets_key_when_absent() -> None:
    text = flow('  <transform id="t"><template>{{$secrets.K}}</template></transform>')
    fixed = _apply(text, one(run(text), "VALID_UNDEFINED_SECRET_REF").diagnostic.fixes[0])
    assert codes(run(fixed)) == []


def test_undeclared_config_with_did_you_mean() -> None:
    text = flow('  <sink id="s" type="file" input="s" path="{{$config.outt}}/x.json"/>', FM_SECRETS)
    d = one(run(text), "VALID_UNDEFINED_CONFIG_REF").diagnostic
    assert d.message == 'Undeclared config field "outt" referenced in workflow'
    assert d.hints == (
        "Did you mean: out?",
        "Declare it in frontmatter under config:",
        "Currently declared config fields: out",
    )


def test_unused_declarations_are_hints_at_the_declaration() -> None:
    text = flow('  <transform id="t"><template>{{$secrets.USED}}</template></transform>', FM_SECRETS)
    found = only(run(text), "VALID_UNUSED_DECLARATION")
    assert [(f.covered, f.diagnostic.message, f.diagnostic.severity) for f in found] == [
        ("UNUSED", 'Secret "UNUSED" is declared but never used', "hint"),
        ("out", 'Config field "out" is declared but never used', "hint"),
    ]


def test_whole_or_computed_use_counts_as_using_everything() -> None:
    text = flow(
        '  <transform id="t"><template>{{ keys($secrets) }} {{ $config[input] }}</template></transform>', FM_SECRETS
    )
    assert "VALID_UNUSED_DECLARATION" not in codes(run(text))


def test_non_string_literal_key_is_a_computed_key() -> None:
    # only a dot or string-literal bracket names a declaration (EXPRESSIONS.md §9.2): $secrets[1] / $config[2] are
    # computed keys, so no undeclared diagnostic, and they count as using every declaration
    text = flow('  <transform id="t"><template>{{ $secrets[1] }} {{ $config[2] }}</template></transform>', FM_SECRETS)
    assert codes(run(text)) == []
    text = flow("  <transform id=\"t\"><template>{{ $secrets[1] }} {{ $secrets[ 'NEW' ] }}</template></transform>")
    found = only(run(text), "VALID_UNDEFINED_SECRET_REF")
    assert [f.covered for f in found] == ["'NEW'"]


def test_use_inside_a_broken_expression_still_counts() -> None:
    text = flow(
        '  <transform id="t"><template>{{ $secrets.USED + $secrets.UNUSED + $config.out + }}</template></transform>',
        FM_SECRETS,
    )
    assert codes(run(text)) == ["EXPR_PARSE_ERROR"]


def test_no_declaration_checks_without_a_readable_frontmatter() -> None:
    text = flow('  <transform id="t"><template>{{$secrets.NOPE}}</template></transform>', "---\n: : :\n---\n")
    assert "VALID_UNDEFINED_SECRET_REF" not in codes(run(text))


def test_uninterpolated_reference_in_text_segment() -> None:
    text = flow(
        '  <transform id="t"><template>Bearer $secrets.USED and {{$secrets.USED}}</template></transform>', FM_SECRETS
    )
    found = one(run(text), "VALID_UNINTERPOLATED_REF")
    assert found.covered == "$secrets.USED"
    assert found.diagnostic.message == '"$secrets.USED" is outside {{ }} and will be sent literally'
    assert found.diagnostic.hints == ("Write {{$secrets.USED}}",)
    fixed = _apply(text, found.diagnostic.fixes[0])
    assert "Bearer {{$secrets.USED}} and" in fixed
    assert "VALID_UNDEFINED_SECRET_REF" not in codes(
        run(flow('  <transform id="t"><template>$secrets.X</template></transform>'))
    )


def test_declare_config_fix_in_block_mapping() -> None:
    fm = '---\nname: demo\nversion: "1.0.0"\nconfig:\n  out:\n    type: string\n    default: ./out\n---\n'
    text = flow('  <transform id="t"><template>{{$config.out}} {{$config.limit}}</template></transform>', fm)
    d = one(run(text), "VALID_UNDEFINED_CONFIG_REF").diagnostic
    declare = next(fix for fix in d.fixes if fix.title.startswith("Declare"))
    fixed = _apply(text, declare)
    assert "\n  limit: {type: string}\n" in fixed
    assert codes(run(fixed)) == []


def test_declare_secret_fix_in_block_list() -> None:
    fm = '---\nname: demo\nversion: "1.0.0"\nsecrets:\n  - A\n---\n'
    text = flow('  <transform id="t"><template>{{$secrets.A}} {{$secrets.B}}</template></transform>', fm)
    fixed = _apply(text, one(run(text), "VALID_UNDEFINED_SECRET_REF").diagnostic.fixes[0])
    assert "secrets:\n  - A\n  - B\n" in fixed
    assert codes(run(fixed)) == []


def test_hardcoded_credential_fix_moves_it_to_a_declared_secret() -> None:
    text = flow(
        '  <source id="api" url="https://api.example.com">\n    <auth>\n      type: bearer\n      token: abc123\n'
        "    </auth>\n  </source>"
    )
    d = one(run(text), "RUNTIME_HARDCODED_SECRET").diagnostic
    fix = d.fixes[0]
    assert not fix.safe
    fixed = _apply(text, fix)
    assert "token: {{$secrets.API_TOKEN}}" in fixed and "secrets: [API_TOKEN]" in fixed
    assert codes(run(fixed)) == []


def test_config_did_you_mean_fix_keeps_the_quotes_of_a_bracket_key() -> None:
    text = flow(
        "  <transform id=\"t\"><template>{{ $config['outt'] }} {{ $config.outt }}</template></transform>", FM_SECRETS
    )
    found = only(run(text), "VALID_UNDEFINED_CONFIG_REF")
    replaced = [_apply(text, f.diagnostic.fixes[0]) for f in found]
    assert "{{ $config['out'] }} {{ $config.outt }}" in replaced[0]
    assert "{{ $config['outt'] }} {{ $config.out }}" in replaced[1]


def test_hardcoded_header_fix_keeps_the_auth_scheme() -> None:
    text = flow(
        '  <source id="api" url="https://api.example.com">\n    <headers>\n      Authorization: Bearer abc123\n'
        "    </headers>\n  </source>"
    )
    fix = one(run(text), "RUNTIME_HARDCODED_SECRET").diagnostic.fixes[0]
    fixed = _apply(text, fix)
    assert "Authorization: Bearer {{$secrets.API_AUTHORIZATION}}" in fixed
    assert codes(run(fixed)) == []
