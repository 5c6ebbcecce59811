"""Build hook for the one thing ``pyproject.toml`` cannot declare: the tokenizer's optional native fast path.

``server/syntax/_fastscan.c`` is built when a C compiler is available. It is optional: when the build fails the
installation goes on, and the parser uses its pure-Python path, which gives the same results more slowly.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("server.syntax._fastscan", ["server/syntax/_fastscan.c"], optional=True)])
