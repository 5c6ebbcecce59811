"""The file runtimes: ``file:source`` and ``file:sink`` (RUNTIMES.md §6.3, §6.4)."""

from runtimes.file.sink import FileSink
from runtimes.file.source import FileSource

__all__ = ["RUNTIMES", "FileSink", "FileSource"]

RUNTIMES = (FileSource(), FileSink())
