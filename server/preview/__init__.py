"""Node preview (RUNTIMES.md §7): run one node and what it needs, safely, and describe the result.

No pygls or lsprotocol here; httpx is only imported by the runtimes that make requests.
"""

from __future__ import annotations

from server.preview.cancel import Cancel, CancelToken
from server.preview.engine import PreviewEngine, PreviewUsageError
from server.preview.options import PreviewOptions
from server.preview.redact import REDACTED, Redactor
from server.preview.result import PREVIEW_SOURCE, PreviewResult, UpstreamRun
from server.preview.session import Progress

__all__ = [
    "PREVIEW_SOURCE",
    "REDACTED",
    "Cancel",
    "CancelToken",
    "PreviewEngine",
    "PreviewOptions",
    "PreviewResult",
    "PreviewUsageError",
    "Progress",
    "Redactor",
    "UpstreamRun",
]
