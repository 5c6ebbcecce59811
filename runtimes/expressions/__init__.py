"""The FlowScript expression language (EXPRESSIONS.md): templates, parser, evaluator, built-ins, static analysis.

Modules (imported directly; this package imports nothing, so the linter only pays for what it uses)::

    template    split_template(text) -> tuple[Segment, ...] (§2.1); unwrap_bare(value) -> BareField (§3)
    lexer       tokenize(source) -> list[Token]; never raises (the first lexical error is an "error" token)
    parser      parse_expression(source) -> ast.Expr; raises only errors.ExprSyntaxError (§4)
    ast         the tree; every node has [start, end) offsets into its source
    analysis    analyze_expression(expr) -> ExprFacts: variables, member paths, calls, arrows, blocked names (§9.2)
    evaluator   evaluate(expr, scope, ctx=None) (§6); raises only runtimes.errors.ExpressionError
    render      render_text / render_value / evaluate_bare / prepare_bare (§2.2, §3)
    scope       Scope: an immutable chain of variable layers (§8)
    values      UNDEFINED and the JS-like conversions (§5)
    builtins    FUNCTIONS: the 118 built-in functions (§10)
    limits      nesting, length, size, step and time limits (§7)
"""
