"""slicewise: per-test-case metrics, honest model-vs-model statistics and the samples behind every number."""

__version__ = "0.1.0"

from ._client import CheckResult, Report, Workspace, connect
from ._errors import SlicewiseError
from ._progress import Progress
from ._results import evaluation_info, register_formatter as _register_formatter
from ._widgets import ComparisonChart, Dashboard, EmbeddingMap, History, MetricsTable, SampleGallery, Selection, Slicer

# In a notebook, tables the client returns display as their widget (see _results.py).
_register_formatter()

__all__ = [
    "CheckResult",
    "ComparisonChart",
    "Dashboard",
    "EmbeddingMap",
    "History",
    "MetricsTable",
    "Progress",
    "Report",
    "SampleGallery",
    "Selection",
    "SlicewiseError",
    "Slicer",
    "Workspace",
    "connect",
    "evaluation_info",
]
