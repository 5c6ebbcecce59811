"""Build hook for the one thing ``pyproject.toml`` cannot declare: two optional native modules.

* ``server/syntax/_fastscan.c``: the tokenizer's native fast path;
* ``runtimes/_fastrecords.c``: the native ``__init__`` of immutable records.

They are built when a C compiler is available. Both are optional: when a build fails the installation goes on, and the
code uses its pure-Python paths, which give the same results more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("server.syntax._fastscan", ["server/syntax/_fastscan.c"], optional=True),
        Extension("runtimes._fastrecords", ["runtimes/_fastrecords.c"], optional=True),
    ]
)
