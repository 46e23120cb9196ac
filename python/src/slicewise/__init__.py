"""slicewise: per-test-case metrics, honest model-vs-model statistics and the samples behind every number."""

__version__ = "0.1.0"

# widgets (helper B)
from ._widgets import ComparisonChart, Dashboard, History, MetricsTable, SampleGallery, Selection, Slicer  # noqa: E402
