"""What the slicewise widgets send and read on the wire, whichever kernel sends it.

The names and versions of src/core/widgetModule.ts and src/core/widgetOutput.ts, tables as Arrow IPC
streams, option names as the front end reads them (camelCase), and a test case as widget state
carries it (``{stratification, test_case}``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Mapping, Optional

import pyarrow as pa

#: The widget module's name and the semver range a kernel asks for (src/core/widgetModule.ts).
MODULE_NAME = "slicewise"
MODULE_VERSION_RANGE = "^0.1.0"
#: The default link: widgets link to it unless told otherwise (src/notebook/selectionHandle.ts).
DEFAULT_LINK = "default"
#: Beside the ipywidgets view on a widget's output; the slicewise extension renders it in
#: preference: the live widget when its model is on the page, else the static copy (src/core/widgetOutput.ts).
SLICEWISE_VIEW_MIME = "application/vnd.slicewise.widget-view+json"
#: A cell result saying its widget was displayed above it: the slicewise extension hides the result's row.
SLICEWISE_SHOWN_MIME = "application/vnd.slicewise.shown+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
#: The schema metadata key that names the widget a table displays as (set by the platform's client).
WIDGET_METADATA_KEY = b"slicewise.widget"


#: Synced by ipywidgets' Widget and DOMWidget but never sent by the TypeScript kernel side: left out so
#: the state is the same from both kernels (and no Layout model is opened beside each widget).
NOT_SENT = frozenset({"_dom_classes", "layout", "tabbable", "tooltip", "_view_count"})


def synced_keys(widget: Any) -> List[str]:
    """The traits a slicewise model syncs: ipywidgets' synced traits without those the TypeScript side never sends."""
    return [name for name in widget.traits(sync=True) if name not in NOT_SENT]


try:
    from ._errors import SlicewiseError
except ImportError:  # pragma: no cover - the client's error type, when the widgets ship without the client

    class SlicewiseError(Exception):  # type: ignore[no-redef]
        """An error from slicewise: ``code`` is stable (branch on it), ``message`` says what to do."""

        def __init__(self, code: str, message: str, status: Optional[int] = None) -> None:
            super().__init__(f"[{code}] {message}")
            self.code = code
            self.message = message
            self.status = status


class WidgetError(SlicewiseError):
    """A widget could not be made or could not do what was asked: a SlicewiseError, raised before anything reaches the page."""


def _as_table(data: Any, name: str) -> Optional[pa.Table]:
    """A pyarrow Table from what a notebook has: a Table, IPC stream bytes, a RecordBatchReader, pandas or polars."""
    if data is None:
        return None
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, (bytes, bytearray, memoryview, pa.Buffer)):
        return pa.ipc.open_stream(pa.py_buffer(data)).read_all()
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, pa.RecordBatchReader):
        return data.read_all()
    module = type(data).__module__ or ""
    if module.startswith("pandas"):
        return pa.Table.from_pandas(data, preserve_index=False)
    if module.startswith("polars"):
        return data.to_arrow()
    try:
        return pa.table(data)
    except (TypeError, ValueError, pa.ArrowInvalid) as error:
        raise WidgetError(
            "bad_request",
            f"{name} must be a pyarrow Table, Arrow IPC stream bytes, a pandas or polars DataFrame, or what pa.table() takes; "
            f"got {type(data).__name__} ({error})",
        ) from error


def _ipc_stream(table: pa.Table) -> pa.Buffer:
    """The table as one Arrow IPC stream (what the TypeScript side's tableToIPC(table, "stream") sends)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _camel_case(name: str) -> str:
    """"id_fields" -> "idFields", as src/client/wireNames.ts camelCase does; "field2" stays."""
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), name)


def _wire_options(options: Mapping[str, Any]) -> Dict[str, Any]:
    """Top-level option names as the widgets read them (camelCase); values (e.g. a quality standard) pass as given."""
    wire: Dict[str, Any] = {}
    spelled: Dict[str, str] = {}
    for name, value in options.items():
        if name == "selection":
            # The TypeScript option's name; here `selection` is the clicked test case, a trait of its own.
            raise WidgetError("bad_request", "link widgets with link=<a name or slicewise.Selection()> (or link=None); selection is the clicked test case")
        key = _camel_case(name)
        if key in wire:
            raise WidgetError("bad_request", f"the option {key} was given twice (as {spelled[key]} and as {name}); give it once")
        spelled[key] = name
        try:
            json.dumps(value)
        except (TypeError, ValueError) as error:
            raise WidgetError("bad_request", f"the option {name} must be JSON (str, numbers, bools, None, lists, dicts): {error}") from error
        wire[key] = value
    return wire


def _test_case(value: Any) -> Optional[Dict[str, str]]:
    """{stratification, test_case} from a dict (test_case or testCase), a (stratification, test_case) pair, or None."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        stratification = value.get("stratification")
        test_case = value.get("test_case", value.get("testCase"))
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        stratification, test_case = value
    else:
        stratification = test_case = None
    if not isinstance(stratification, str) or not isinstance(test_case, str):
        raise WidgetError(
            "bad_request",
            f"a selected test case is {{'stratification': str, 'test_case': str}} or a (stratification, test_case) pair, or None; got {value!r}",
        )
    return {"stratification": stratification, "test_case": test_case}
