"""The database runtimes: ``database:source`` and ``database:sink`` (RUNTIMES.md §6.5, §6.6)."""

from runtimes.database.sink import DatabaseSink
from runtimes.database.source import DatabaseSource

__all__ = ["RUNTIMES", "DatabaseSink", "DatabaseSource"]

RUNTIMES = (DatabaseSource(), DatabaseSink())
