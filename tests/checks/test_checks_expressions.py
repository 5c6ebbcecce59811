"""Expression checks: ranges, messages and hints of DIAGNOSTICS.md §4.6 / EXPRESSIONS.md §9."""

from __future__ import annotations

from tests.checks.checks_helpers import codes, flow, one, only, run


def _template(expr: str, extra: str = "") -> str:
    return flow(f'{extra}  <transform id="t"><template>{expr}</template></transform>')


def test_parse_error_at_the_token_and_closing_braces_at_end() -> None:
    found = one(run(_template("{{ 1 + }}")), "EXPR_PARSE_ERROR")
    assert found.diagnostic.message.startswith("Invalid expression syntax in t.config.template: ")
    assert found.covered == "}}"
    found = one(run(_template("{{ a # b }}", '  <set var="a" value="1"/>\n')), "EXPR_PARSE_ERROR")
    assert found.covered == "#"


def test_unclosed_and_empty_segments() -> None:
    found = one(run(_template("x {{ 1 + 2")), "EXPR_PARSE_ERROR")
    assert found.diagnostic.message == "Invalid expression syntax in t.config.template: Unclosed {{"
    assert found.covered == "{{ 1 + 2"
    found = one(run(_template("x {{  }} y")), "EXPR_PARSE_ERROR")
    assert found.diagnostic.message.endswith("Empty expression") and found.covered == "{{  }}"


def test_bare_field_with_braces_gets_the_hint() -> None:
    text = flow('  <if id="g" condition="{{ a }} &amp;&amp; b"><then/></if>')
    d = one(run(text), "EXPR_PARSE_ERROR").diagnostic
    assert d.message.startswith("Invalid expression syntax in g.condition: ")
    assert d.hints[0] == "Bare fields are expressions; remove {{ }}"


def test_parse_error_suppresses_other_expression_diagnostics() -> None:
    assert codes(run(_template("{{ unknown_thing( }}"))) == ["EXPR_PARSE_ERROR"]


def test_redundant_braces_hint_with_safe_fix() -> None:
    text = flow('  <if id="g" condition="{{ true }}"><then/></if>')
    found = one(run(text), "EXPR_REDUNDANT_BRACES")
    d = found.diagnostic
    assert d.severity == "hint"
    assert d.message == "g.condition is an expression; the surrounding {{ }} are not needed"
    assert d.hints == ("Write true",) and found.covered == "{{ true }}"
    fix = d.fixes[0]
    assert fix.safe
    fixed = text
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        fixed = fixed[: edit.start] + edit.new_text + fixed[edit.end :]
    assert 'condition="true"' in fixed


def test_unknown_variable_with_did_you_mean_and_range() -> None:
    found = one(
        run(_template("{{ user.output }}", '  <source id="users" type="file" path="u.json"/>\n')),
        "EXPR_UNDEFINED_VARIABLE",
    )
    assert found.diagnostic.message == 'Unknown variable "user" in t.config.template'
    assert found.diagnostic.hints == ("Did you mean: users?",)
    assert found.covered == "user"


def test_context_specific_names() -> None:
    body = """  <source id="s" type="file" path="u.json"/>
  <transform id="m" type="map" input="s"><expression>item.name + index</expression></transform>
  <transform id="r" type="reduce" input="s" initial="0"><expression>(acc, u) => acc + u.age</expression></transform>
  <foreach id="f" collection="s.output" item="person">
    <transform id="h"><template>{{person.name}} {{index}}</template></transform></foreach>
  <loop id="l" max="3" break="$iteration > 1"><transform id="x"><template>{{$iteration}}</template></transform></loop>
  <transform id="bad"><template>{{item}} {{$acc}} {{$iteration}} {{$input}} {{$state}}</template></transform>"""
    found = only(run(flow(body)), "EXPR_UNDEFINED_VARIABLE")
    assert [(f.covered, f.diagnostic.hints) for f in found] == [
        ("item", ('"item" is only defined in map/filter expressions and inside a foreach body',)),
        ("$acc", ('"$acc" is only defined in reduce expressions',)),
        ("$iteration", ('"$iteration" is only defined inside a loop or while',)),
        ("$input", ("Use input",)),
        ("$state", ('"$state" is not supported',)),
    ]


def test_hyphenated_node_id() -> None:
    found = one(
        run(_template("{{ fetch-joke.output.text }}", '  <source id="fetch-joke" type="file" path="j.json"/>\n')),
        "EXPR_UNDEFINED_VARIABLE",
    )
    d = found.diagnostic
    assert found.covered == "fetch-joke"
    assert d.message == '"fetch-joke" is a node id, but ids containing "-" cannot be used in expressions'
    assert d.hints == ("Rename the node to fetch_joke", 'Or set input="fetch-joke" on this node and use input')


def test_unknown_function_method_call_and_alias_hints() -> None:
    found = run(_template("{{ divide(1, 2) }} {{ input.toUpperCase() }} {{ JSON.parse(input) }}"))
    funcs = only(found, "EXPR_UNDEFINED_FUNCTION")
    assert [f.covered for f in funcs] == ["divide", "input.toUpperCase", "JSON.parse"]
    assert funcs[0].diagnostic.message == 'Unknown function "divide" in t.config.template'
    assert "Use the / operator" in funcs[0].diagnostic.hints
    assert (
        funcs[1].diagnostic.message
        == '"input.toUpperCase(...)" is a method call; only built-in functions can be called'
    )
    assert funcs[1].diagnostic.hints == ("Use upper(…)",)
    assert funcs[2].diagnostic.hints == ("Use json_decode(…)",)


def test_blocked_access() -> None:
    found = only(run(_template("{{ input.__proto__ }} {{ this }} {{ input['constructor'] }}")), "EXPR_BLOCKED_ACCESS")
    assert [(f.covered, f.diagnostic.message) for f in found] == [
        ("__proto__", 'Access to "__proto__" is not allowed in expressions'),
        ("this", '"this" is not allowed in expressions'),
        ("'constructor'", 'Access to "constructor" is not allowed in expressions'),
    ]


def test_arity_and_misplaced_arrow() -> None:
    found = run(_template("{{ upper('a', 'b') }} {{ count(input, x => x) }} {{ upper(x => x) }} {{ upper(...input) }}"))
    errors = only(found, "EXPR_TYPE_ERROR")
    assert [f.covered for f in errors] == ["('a', 'b')", "x => x"]
    assert errors[0].diagnostic.message == "upper() takes 1 argument(s), got 2"
    assert errors[1].diagnostic.message.startswith("Arrow functions are only allowed as a whole map/filter/reduce")


def test_entities_map_to_exact_document_ranges() -> None:
    text = flow('  <if id="g" condition="a &lt; nope"><then/></if>\n  <set var="a" value="1"/>')
    found = one(run(text), "EXPR_UNDEFINED_VARIABLE")
    assert found.covered == "nope"


def test_long_operator_chains_are_not_too_deep() -> None:
    chain = " + ".join(["1"] * 3000)
    assert codes(run(_template(f"{{{{ {chain} }}}} {{{{ nope }}}}"))) == ["EXPR_UNDEFINED_VARIABLE"]


def test_foreach_default_item_name_is_in_scope_for_the_body() -> None:
    body = (
        '  <source id="s" type="file" path="d.json"/>\n'
        '  <foreach id="f" collection="s.output"><set var="v" value="{{item.name}} {{index}}"/></foreach>'
    )
    assert codes(run(flow(body))) == []


def test_every_expression_field_is_checked_with_its_label() -> None:
    body = """  <source id="s" url="https://a.example.com/{{u1}}">
    <headers>
      X-Key: "{{u2}}"
    </headers>
    <on-error><retry when="u3 &gt; 1" max="{{u4}}"/></on-error>
  </source>
  <branch id="b"><case when="u5"><transform id="t1"><template>x</template></transform></case><case when="u6"/></branch>
  <context id="c"><set key="k" value="{{u7}}"/></context>
  <include id="i" workflow="./x.flow.md"><bind key="title" value="{{u8}}"/></include>
  <call id="cl" workflow="./x.flow.md" arg1="{{u9}}"/>
  <if condition="u10"><then/></if>
  <checkpoint id="cp" prompt="p {{u11}}" timeout="{{u12}}" condition="u13"/>
  <loop id="l" max="{{u14}}" break="u15"><delay id="d" duration="{{u16}}"/></loop>
  <foreach id="f" collection="u17" concurrency="{{u18}}"><set var="v" value="{{item}}"/></foreach>
  <parallel id="p" merge="u19"><branch><set var="w" value="{{$branch}}"/></branch></parallel>
  <transform id="r" type="reduce" input="s" initial="u20"><expression>acc + item</expression>
    <finalize>u21 + acc</finalize></transform>"""
    found = only(run(flow(body)), "EXPR_UNDEFINED_VARIABLE")
    labels = [f.diagnostic.message.split(" in ", 1)[1] for f in found]
    assert [f.covered for f in found] == [f"u{i}" for i in range(1, 22)]
    assert labels == [
        "s.config.url", "s.config.headers.X-Key", "s.on-error.retry.when", "s.max",
        "b.cases[0].when", "b.cases[1].when", "c.context.k", "i.bind.title", "cl.args.arg1", "<if>.condition",
        "cp.prompt", "cp.timeout", "cp.condition", "l.max", "l.break", "d.duration", "f.collection",
        "f.concurrency", "p.merge", "r.config.initial", "r.config.finalize",
    ]  # fmt: skip
