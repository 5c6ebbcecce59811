"""The FlowScript expression language (EXPRESSIONS.md): templates, parser, evaluator, built-ins, static analysis."""
