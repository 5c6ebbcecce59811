"""FlowScript runtimes: the NodeRuntime contract, the registry, the error model and every runtime.

This package never imports ``server``. Heavy or optional libraries (httpx, jmespath at run time, asyncpg) are imported
inside ``execute`` so that the linter, which only calls ``validate``, starts fast.
"""
