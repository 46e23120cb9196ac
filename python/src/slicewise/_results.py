"""Tables the client returns: plain ``pyarrow.Table`` objects that a notebook shows as their widget.

Each table keeps the platform's schema metadata (the evaluation's provenance under ``slicewise.evaluation``)
and gets two more keys: ``slicewise.dataset``, the dataset it came from, and ``slicewise.widget``, naming the
widget that draws it: ``MetricsTable`` for an
evaluation, ``SampleGallery`` for samples, ``History`` for a history, ``Slicer`` for ``Workspace.slicer``'s samples
(whose options, JSON under ``slicewise.options``, are the widget's own). A mimebundle formatter registered for
``pa.Table`` while IPython runs shows such a table as that widget (helper B's
``slicewise._widgets.widget_for_table``); any other table displays as pyarrow's own repr. The table is
never wrapped: ``isinstance(t, pa.Table)`` holds and ``t.to_pandas()`` is a call away.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Dict, Optional

import pyarrow as pa

#: The schema-metadata key naming the widget a table displays as.
WIDGET_KEY = b"slicewise.widget"
#: The dataset a table came from (every table the client returns).
DATASET_KEY = "slicewise.dataset"
#: The options of the widget a table displays as, JSON with the widget's own option names (the Slicer's, from ``Workspace.slicer``).
OPTIONS_KEY = "slicewise.options"
#: The platform's key for an evaluation's provenance (src/core/evaluationTable.ts `evaluationInfoKey`).
EVALUATION_INFO_KEY = b"slicewise.evaluation"


def tagged(table: pa.Table, widget: str, extra: Optional[Dict[str, str]] = None) -> pa.Table:
    """The table with ``slicewise.widget`` (and any ``extra`` keys) added to its schema metadata; no data is copied."""
    metadata = dict(table.schema.metadata or {})
    metadata[WIDGET_KEY] = widget.encode()
    for key, value in (extra or {}).items():
        metadata[key.encode()] = value.encode()
    return table.replace_schema_metadata(metadata)


def widget_kind(table: Any) -> Optional[str]:
    """The widget a table displays as, or None for a table slicewise did not make."""
    if not isinstance(table, pa.Table):
        return None
    metadata = table.schema.metadata or {}
    value = metadata.get(WIDGET_KEY)
    return value.decode() if value else None


def widget_options(table: pa.Table) -> Dict[str, Any]:
    """The options a tagged table's widget starts from (``slicewise.options``), or {}."""
    text = (table.schema.metadata or {}).get(OPTIONS_KEY.encode())
    return dict(json.loads(text)) if text else {}


def evaluation_info(table: pa.Table) -> Optional[Dict[str, Any]]:
    """An evaluation's provenance as the platform wrote it (dataset commit, models, reference, run_id …), or None."""
    text = (table.schema.metadata or {}).get(EVALUATION_INFO_KEY)
    return json.loads(text) if text else None


# -- notebook display -------------------------------------------------------------------------------------


def _widget_hook() -> Callable[[pa.Table], Any]:
    """The widgets' ``widget_for_table``, looked up each time a table is shown."""
    from . import _widgets

    return _widgets.widget_for_table


def table_mimebundle(table: pa.Table, include: Any = None, exclude: Any = None) -> Optional[Dict[str, Any]]:
    """The mime bundle of a tagged table: its widget's, when the widgets can make one; None (default display) otherwise."""
    if widget_kind(table) is None:
        return None
    widget = _widget_hook()(table)
    if widget is None:
        return None
    show = getattr(widget, "_ipython_display_", None)
    if show is not None:
        # Shown as its own output (the live view at once, the static copy added after), as
        # MetricsTable(table) would be; the cell's result only says so, and the extension hides it.
        from ._widget_wire import SLICEWISE_SHOWN_MIME

        show()
        return {"text/plain": "", SLICEWISE_SHOWN_MIME: {"model_id": widget.model_id}}
    bundle_of = getattr(widget, "_repr_mimebundle_", None)
    if bundle_of is None:
        return None
    bundle = bundle_of(include=include, exclude=exclude)
    # ipywidgets answers (data, metadata) in some versions and a dict in others; the formatter takes a dict or a pair.
    return bundle  # type: ignore[no-any-return]


_registered: set = set()


def register_formatter(ipython: Any = None) -> bool:
    """Registers the ``pa.Table`` mimebundle formatter in a running IPython (once per shell); False outside one."""
    if ipython is None:
        # Only a running IPython has imported it: a plain script does not pay for importing it here.
        module = sys.modules.get("IPython")
        get_ipython = getattr(module, "get_ipython", None)
        if get_ipython is None:
            return False
        ipython = get_ipython()
    if ipython is None or getattr(ipython, "display_formatter", None) is None:
        return False
    if id(ipython) in _registered:
        return True
    formatter = ipython.display_formatter.mimebundle_formatter
    previous = formatter.for_type(pa.Table)

    def display(table: pa.Table) -> Any:
        bundle = table_mimebundle(table)
        if bundle is None and previous is not None:
            return previous(table)
        return bundle

    formatter.for_type(pa.Table, display)
    _registered.add(id(ipython))
    return True
