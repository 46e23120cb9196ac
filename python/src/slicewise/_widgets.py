"""The slicewise notebook widgets for Python kernels: the same front end as the Deno kernel's.

Each class is an ipywidgets ``DOMWidget`` whose comm_open state is exactly what the TypeScript
kernel side (``src/notebook/widgetHandle.ts``) sends: model and view names ``<Kind>Model`` /
``<Kind>View`` of module ``slicewise`` at ``^0.1.0``, ``options`` (JSON), ``selection`` (the link
name) and the kind's Arrow tables as Arrow IPC stream bytes in the message's buffers. One front end
renders both kernels' widgets, so nothing here draws anything.

Unlike Deno's, the Python kernel hears the front end. The views write back two keys (see
``src/widgets/widgetBase.ts``): ``selected_test_case`` (``{stratification, test_case}`` or null,
written by every view of a link group, so every linked model carries it) and ``selected_samples``
(``{rows, id_fields}``: the samples opened in a gallery). Python names differ from the wire's,
because ``selection`` reads best as the clicked test case::

    Python trait        wire state key
    link            <-> selection            (the link name; "default" unless told)
    selection       <-> selected_test_case   (the clicked test case, or None)
    selected_samples<-> selected_samples     (gallery: rows opened; ``selected_ids`` reads their ids)

The Slicer saves through the kernel: its view sends ``{"type": "save_slices", ...}`` and the
Python object merges the addition into the stored quality standard with its workspace, then
answers ``save_slices_result`` (or ``save_slices_error``), which the view shows.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
import uuid
import weakref
from typing import Any as AnyType
from typing import Callable, ClassVar, Dict as DictType, Iterable, List as ListType, Mapping, Optional, Sequence, Tuple

import pyarrow as pa
from ipywidgets import DOMWidget, Widget
from ipywidgets.widgets.widget import JUPYTER_WIDGETS_ECHO, _remove_buffers
from traitlets import Any, Dict, List, Unicode, default, observe, validate

__all__ = [
    "ComparisonChart",
    "Dashboard",
    "History",
    "MetricsTable",
    "SampleGallery",
    "Selection",
    "Slicer",
    "widget_for_table",
]

#: The widget module's name and the semver range a kernel asks for (src/core/widgetModule.ts).
MODULE_NAME = "slicewise"
MODULE_VERSION_RANGE = "^0.1.0"
#: The default link: widgets link to it unless told otherwise (src/notebook/selectionHandle.ts).
DEFAULT_LINK = "default"
#: Beside the ipywidgets view on a widget's output; the slicewise extension renders it in
#: preference: the live widget when its model is on the page, else the static copy (src/core/widgetOutput.ts).
SLICEWISE_VIEW_MIME = "application/vnd.slicewise.widget-view+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
#: The schema metadata key that names the widget a table displays as (set by the platform's client).
WIDGET_METADATA_KEY = b"slicewise.widget"

#: Python trait name -> wire state key, where they differ.
_TO_WIRE: DictType[str, str] = {"link": "selection", "selection": "selected_test_case"}
_FROM_WIRE: DictType[str, str] = {wire: name for name, wire in _TO_WIRE.items()}
#: Synced by ipywidgets' DOMWidget but never sent by the TypeScript kernel side: left out so the
#: state is the same from both kernels (and no Layout model is opened per widget).
_NOT_SENT = frozenset({"_dom_classes", "layout", "tabbable", "tooltip", "_view_count"})
#: Written by the front end only: not part of comm_open (the TypeScript side never sends them),
#: but part of the state a reloaded page asks for, so a kept selection comes back.
_FRONT_END_KEYS = ("selection", "selected_samples")

class WidgetError(Exception):
    """A widget could not be made or could not do what was asked; ``code`` is stable, the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------------------------------------
# Arrow in and out


def _as_table(data: AnyType, name: str) -> Optional[pa.Table]:
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


def _arrow_to_json(table: Optional[pa.Table], widget: "SlicewiseWidget") -> Optional[memoryview]:
    """Serializes once per table: a memoryview, which ipywidgets sends as a binary buffer."""
    if table is None:
        return None
    cached = widget._ipc_cache.get(id(table))
    if cached is None or cached[0] is not table:
        cached = (table, _ipc_stream(table))
        widget._ipc_cache[id(table)] = cached
    return memoryview(cached[1])


def _arrow_from_json(value: AnyType, widget: "SlicewiseWidget") -> Optional[pa.Table]:
    return None if value is None else _as_table(value, "an Arrow attribute")


_arrow_serialization = {"to_json": _arrow_to_json, "from_json": _arrow_from_json}


# ---------------------------------------------------------------------------------------------
# Options: snake_case in Python, the TypeScript side's camelCase on the wire


def _camel_case(name: str) -> str:
    """"id_fields" -> "idFields", as src/client/wireNames.ts camelCase does; "field2" stays."""
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), name)


def _wire_options(options: Mapping[str, AnyType]) -> DictType[str, AnyType]:
    """Top-level option names as the widgets read them (camelCase); values (e.g. a quality standard) pass as given."""
    wire: DictType[str, AnyType] = {}
    for name, value in options.items():
        key = _camel_case(name)
        if key in wire and key != name:
            raise WidgetError("bad_request", f"the option {key} was given twice ({name} is its snake_case spelling); give it once")
        wire[key] = value
    return wire


def _test_case(value: AnyType) -> Optional[DictType[str, str]]:
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


# ---------------------------------------------------------------------------------------------
# The static copy, from the platform


def _remembered_workspace() -> AnyType:
    """The workspace widgets use when given none: the last one remember_workspace() kept, else the client's default."""
    if _default_workspace_ref is not None:
        workspace = _default_workspace_ref()
        if workspace is not None:
            return workspace
    try:
        from . import _client  # helper A's module; optional here
    except ImportError:
        return None
    for name in ("_default_workspace", "default_workspace", "_default"):
        found = getattr(_client, name, None)
        if found is None:
            continue
        if callable(found) and not hasattr(found, "url"):
            try:
                found = found()
            except Exception:  # a default that cannot start must not break a display
                continue
        if found is not None and hasattr(found, "url"):
            return found
    return None


_default_workspace_ref: Optional[Callable[[], AnyType]] = None


def remember_workspace(workspace: AnyType) -> None:
    """Makes ``workspace`` the one widgets made without ``workspace=`` use (``connect()`` calls it)."""
    global _default_workspace_ref
    try:
        _default_workspace_ref = weakref.ref(workspace)
    except TypeError:  # not weakly referenceable: keep it
        _default_workspace_ref = lambda: workspace  # noqa: E731


def _static_html(kind: str, tables: Mapping[str, Optional[pa.Table]], options: Mapping[str, AnyType], workspace: AnyType = None) -> Optional[str]:
    """The static copy the Deno side puts in ``text/html``, drawn by the platform (``POST /api/v1/widgets/{kind}/static``).

    None when there is no platform to ask or it cannot answer: a display never fails for want of it.
    """
    workspace = workspace if workspace is not None else _remembered_workspace()
    url = getattr(workspace, "url", None) if workspace is not None else None
    if not url:
        return None
    token = getattr(workspace, "token", None)
    body = json.dumps(
        {
            "tables": {name: base64.b64encode(_ipc_stream(table).to_pybytes()).decode("ascii") for name, table in tables.items() if table is not None},
            "options": dict(options),
        }
    ).encode("utf-8")
    request = urllib.request.Request(
        f"{str(url).rstrip('/')}/api/v1/widgets/{kind}/static",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError):
        return None
    html = answer.get("html") if isinstance(answer, dict) else None
    return html if isinstance(html, str) else None


# ---------------------------------------------------------------------------------------------
# Linking: which Python objects share a link name

_live_widgets: "weakref.WeakSet[SlicewiseWidget]" = weakref.WeakSet()


def _linked(link: Optional[str], but: Optional["SlicewiseWidget"] = None) -> ListType["SlicewiseWidget"]:
    if link is None:
        return []
    return [widget for widget in list(_live_widgets) if widget is not but and widget.link == link and widget.comm is not None]


def _set_quietly(widget: "SlicewiseWidget", selection: Optional[DictType[str, str]]) -> None:
    """Sets ``selection`` without sending it: the page already shows it (every view of the link group shares it)."""
    if widget.selection == selection:
        return
    previous = widget._property_lock
    widget._property_lock = {**previous, "selection": selection}
    try:
        widget.selection = selection
    finally:
        widget._property_lock = previous


class SlicewiseWidget(DOMWidget):
    """What every slicewise widget shares: names, state renamed on the wire, linking, the display bundle."""

    kind: ClassVar[str] = ""
    #: The kind's Arrow attributes, in the order the TypeScript descriptor lists them.
    arrow_attributes: ClassVar[Tuple[str, ...]] = ()

    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION_RANGE).tag(sync=True)
    _view_module = Unicode(MODULE_NAME, allow_none=True).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION_RANGE).tag(sync=True)

    options = Dict(help="The widget's options as the front end reads them (camelCase names).").tag(sync=True)
    link = Unicode(DEFAULT_LINK, allow_none=True, help="The link name: widgets with the same one share the selected test case; None: unlinked.").tag(
        sync=True
    )
    selection = Any(None, allow_none=True, help="The selected test case {'stratification', 'test_case'} (a click in the page sets it), or None.").tag(
        sync=True
    )
    selected_samples = Any(None, allow_none=True, help="The samples opened in a gallery, as the page wrote them: {'rows', 'id_fields'}.").tag(sync=True)
    selected_ids = List(help="The ids of the samples opened in the gallery (one id field: its values; several: tuples; none: row indexes).")

    def __init__(self, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **state: AnyType) -> None:
        self._ipc_cache: DictType[int, Tuple[pa.Table, pa.Buffer]] = {}
        self._workspace = workspace
        self._fallback = fallback
        self._static_cache: Optional[Tuple[str, Optional[str]]] = None
        super().__init__(link=_link_name(link), **state)
        _live_widgets.add(self)

    # -- the wire ------------------------------------------------------------------------------

    @staticmethod
    def _wire_key(name: str) -> str:
        return _TO_WIRE.get(name, name)

    def _repr_keys(self) -> Iterable[str]:
        for key in super()._repr_keys():
            if key not in self.arrow_attributes:
                yield key

    def get_state(self, key: AnyType = None, drop_defaults: bool = False) -> DictType[str, AnyType]:
        """The state under its wire names (``link`` goes as ``selection``, ``selection`` as ``selected_test_case``)."""
        state = super().get_state(key=key, drop_defaults=drop_defaults)
        return {self._wire_key(name): value for name, value in state.items()}

    def set_state(self, sync_data: DictType[str, AnyType]) -> None:
        """A state update from the front end, under its wire names: ipywidgets' set_state, renamed (its echo keeps the wire names)."""
        data = {_FROM_WIRE.get(key, key): value for key, value in sync_data.items()}
        if JUPYTER_WIDGETS_ECHO:
            echo = {key: value for key, value in sync_data.items() if _FROM_WIRE.get(key, key) in self.keys}
            if echo:
                echo_state, echo_buffer_paths, echo_buffers = _remove_buffers(echo)
                self._send({"method": "echo_update", "state": echo_state, "buffer_paths": echo_buffer_paths}, buffers=echo_buffers)
        with self._lock_property(**data), self.hold_trait_notifications():
            for name, value in data.items():
                if name in self.keys:
                    from_json = self.trait_metadata(name, "from_json", self._trait_from_json)
                    self.set_trait(name, from_json(value, self))

    @default("keys")
    def _default_keys(self) -> ListType[str]:
        # The TypeScript side sends none of DOMWidget's layout keys, so neither do these widgets.
        return _default_keys_without_extras(self)

    def open(self) -> None:
        """Opens the model with the state the TypeScript side sends: no front-end keys, no DOMWidget extras."""
        if self.comm is not None:
            return
        import comm as comm_module
        from ipywidgets.widgets.widget import __protocol_version__

        keys = [name for name in self.keys if name not in _FRONT_END_KEYS]
        state, buffer_paths, buffers = _remove_buffers(self.get_state(keys))
        # The TypeScript side keeps each binary attribute's key, null, beside its buffer path.
        for path in buffer_paths:
            if len(path) == 1:
                state[path[0]] = None
        arguments: DictType[str, AnyType] = dict(
            target_name="jupyter.widget",
            data={"state": state, "buffer_paths": buffer_paths},
            buffers=buffers,
            metadata={"version": __protocol_version__},
        )
        if self._model_id is not None:
            arguments["comm_id"] = self._model_id
        self.comm = comm_module.create_comm(**arguments)

    # -- selection -----------------------------------------------------------------------------

    @validate("selection")
    def _check_selection(self, proposal: AnyType) -> Optional[DictType[str, str]]:
        return _test_case(proposal["value"])

    @observe("selection")
    def _follow_link(self, change: AnyType) -> None:
        """Every Python object of the link group follows (quietly: the page's views already share it)."""
        for widget in _linked(self.link, but=self):
            _set_quietly(widget, change["new"])

    @observe("selected_samples")
    def _read_selected_ids(self, change: AnyType) -> None:
        self.selected_ids = self._ids_of(change["new"])

    def _ids_of(self, chosen: Optional[Mapping[str, AnyType]]) -> ListType[AnyType]:
        """The ids at the rows the page opened, read from this widget's own samples table (typed values)."""
        if not chosen:
            return []
        rows = [int(row) for row in chosen.get("rows") or []]
        id_fields = [str(field) for field in chosen.get("id_fields") or []]
        samples = self._samples_table()
        if samples is None or not id_fields or any(field not in samples.column_names for field in id_fields):
            return rows
        picked = samples.select(id_fields).take(pa.array(rows, type=pa.int64())).to_pylist()
        if len(id_fields) == 1:
            return [record[id_fields[0]] for record in picked]
        return [tuple(record[field] for field in id_fields) for record in picked]

    def _samples_table(self) -> Optional[pa.Table]:
        return getattr(self, "samples", None) if "samples" in self.arrow_attributes else None

    # -- display -------------------------------------------------------------------------------

    def _tables(self) -> DictType[str, Optional[pa.Table]]:
        return {name: getattr(self, name) for name in self.arrow_attributes}

    def _summary(self) -> str:
        nouns = {"results": "evaluation rows", "samples": "samples", "history": "history rows"}
        parts = [f"{table.num_rows} {nouns[name]}" for name, table in self._tables().items() if table is not None]
        return f"slicewise {self.kind}" + (f" ({', '.join(parts)})" if parts else "")

    def static_html(self) -> Optional[str]:
        """The static copy (HTML) the platform draws for this widget's state, or None without a platform to ask."""
        key = json.dumps([sorted((name, id(table)) for name, table in self._tables().items()), self.options], sort_keys=True, default=str)
        if self._static_cache is not None and self._static_cache[0] == key and self._static_cache[1] is not None:
            return self._static_cache[1]
        html = _static_html(self.kind, self._tables(), self.options, self._workspace)
        self._static_cache = (key, html)
        return html

    def _repr_mimebundle_(self, **kwargs: AnyType) -> Optional[DictType[str, AnyType]]:
        """The ipywidgets view, the static copy for nbconvert/GitHub, and the slicewise view the extension renders in preference."""
        if self.comm is None:
            return {"text/plain": f"{self._summary()} (closed)"}
        bundle: DictType[str, AnyType] = {"text/plain": self._summary()}
        if self._fallback:
            html = self.static_html()
            if html is not None:
                bundle["text/html"] = html
            else:
                bundle["text/plain"] += " (no static copy: the slicewise platform could not be reached; the live widget shows everything)"
        bundle[WIDGET_VIEW_MIME] = {"version_major": 2, "version_minor": 1, "model_id": self.model_id}
        bundle[SLICEWISE_VIEW_MIME] = {"model_id": self.model_id, "kind": self.kind}
        return bundle

    def close(self) -> None:
        _live_widgets.discard(self)
        super().close()


def _default_keys_without_extras(widget: Widget) -> ListType[str]:
    return [name for name in widget.traits(sync=True) if name not in _NOT_SENT]



def _link_name(link: AnyType) -> Optional[str]:
    if link is None or isinstance(link, str):
        return link
    if isinstance(link, Selection):
        return link.name
    raise WidgetError("bad_request", f"link= takes a link name (str), a slicewise.Selection() or None; got {type(link).__name__}")


def _arrow_trait(help: str) -> Any:
    return Any(None, allow_none=True, help=help).tag(sync=True, **_arrow_serialization)


class MetricsTable(SlicewiseWidget):
    """The evaluation table, sortable, with verdicts; a click on a row selects its test case (``.selection``)."""

    kind = "MetricsTable"
    arrow_attributes = ("results",)
    _model_name = Unicode("MetricsTableModel").tag(sync=True)
    _view_name = Unicode("MetricsTableView", allow_none=True).tag(sync=True)
    results = _arrow_trait("The evaluation table (what evaluate() returns).")

    def __init__(self, results: AnyType, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **options: AnyType) -> None:
        super().__init__(
            results=_as_table(results, "results"), options=_wire_options(options), link=link, workspace=workspace, fallback=fallback
        )

    @validate("results")
    def _check_results(self, proposal: AnyType) -> Optional[pa.Table]:
        return _as_table(proposal["value"], "results")


class ComparisonChart(SlicewiseWidget):
    """The evaluation as a chart; ``kind``: "delta" (default), "bars", "scatter" or "heatmap"; ``metric``: a metric's label."""

    kind = "ComparisonChart"
    arrow_attributes = ("results",)
    _model_name = Unicode("ComparisonChartModel").tag(sync=True)
    _view_name = Unicode("ComparisonChartView", allow_none=True).tag(sync=True)
    results = _arrow_trait("The evaluation table (what evaluate() returns).")

    def __init__(self, results: AnyType, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **options: AnyType) -> None:
        super().__init__(
            results=_as_table(results, "results"), options=_wire_options(options), link=link, workspace=workspace, fallback=fallback
        )

    @validate("results")
    def _check_results(self, proposal: AnyType) -> Optional[pa.Table]:
        return _as_table(proposal["value"], "results")


class SampleGallery(SlicewiseWidget):
    """The samples behind the numbers, filtered by the linked test case; a click on a card sets ``selected_ids``."""

    kind = "SampleGallery"
    arrow_attributes = ("samples",)
    _model_name = Unicode("SampleGalleryModel").tag(sync=True)
    _view_name = Unicode("SampleGalleryView", allow_none=True).tag(sync=True)
    samples = _arrow_trait("The samples table (what samples() returns).")

    def __init__(self, samples: AnyType, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **options: AnyType) -> None:
        super().__init__(
            samples=_as_table(samples, "samples"), options=_wire_options(options), link=link, workspace=workspace, fallback=fallback
        )

    @validate("samples")
    def _check_samples(self, proposal: AnyType) -> Optional[pa.Table]:
        return _as_table(proposal["value"], "samples")


class Dashboard(SlicewiseWidget):
    """Table, charts and gallery in resizable panels, linked; ``samples`` is optional."""

    kind = "Dashboard"
    arrow_attributes = ("results", "samples")
    _model_name = Unicode("DashboardModel").tag(sync=True)
    _view_name = Unicode("DashboardView", allow_none=True).tag(sync=True)
    results = _arrow_trait("The evaluation table (what evaluate() returns).")
    samples = _arrow_trait("The samples table (what samples() returns), or None.")

    def __init__(
        self,
        results: AnyType,
        samples: AnyType = None,
        *,
        link: AnyType = DEFAULT_LINK,
        workspace: AnyType = None,
        fallback: bool = True,
        **options: AnyType,
    ) -> None:
        super().__init__(
            results=_as_table(results, "results"),
            samples=_as_table(samples, "samples"),
            options=_wire_options(options),
            link=link,
            workspace=workspace,
            fallback=fallback,
        )

    @validate("results", "samples")
    def _check_tables(self, proposal: AnyType) -> Optional[pa.Table]:
        return _as_table(proposal["value"], proposal["trait"].name)


class History(SlicewiseWidget):
    """One metric per test case across recorded runs or model versions (what history() returns); ``metric``, ``model``."""

    kind = "History"
    arrow_attributes = ("history",)
    _model_name = Unicode("HistoryModel").tag(sync=True)
    _view_name = Unicode("HistoryView", allow_none=True).tag(sync=True)
    history = _arrow_trait("The history table (what history() returns).")

    def __init__(self, history: AnyType, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **options: AnyType) -> None:
        super().__init__(
            history=_as_table(history, "history"), options=_wire_options(options), link=link, workspace=workspace, fallback=fallback
        )

    @validate("history")
    def _check_history(self, proposal: AnyType) -> Optional[pa.Table]:
        return _as_table(proposal["value"], "history")


# ---------------------------------------------------------------------------------------------
# The Slicer, which saves through the kernel


def _unique_name(name: str, taken: Iterable[str]) -> str:
    """"name", else "name (2)", "name (3)"…: src/metrics/slicing/slicePlan.ts uniqueName."""
    taken = set(taken)
    if name not in taken:
        return name
    suffix = 2
    while f"{name} ({suffix})" in taken:
        suffix += 1
    return f"{name} ({suffix})"


def merge_addition(standard: Mapping[str, AnyType], addition: Mapping[str, AnyType]) -> Tuple[DictType[str, AnyType], ListType[ListType[str]]]:
    """The standard with the slices added, clashing names renamed ("name (2)"): src/widgets/slicerSave.ts mergeAddition.

    Returns the new standard and the renames as ``[asked, saved as]`` pairs.
    """
    renamed: ListType[ListType[str]] = []

    def rename(name: str, taken: set) -> str:
        saved = _unique_name(name, taken)
        if saved != name:
            renamed.append([name, saved])
        taken.add(saved)
        return saved

    stratifications = list(standard.get("stratifications") or [])
    test_cases = list(standard.get("test_cases") or [])
    # The whole dataset's and the explicit test cases' groups are taken too (takenStratificationNames).
    strata = {"dataset", "test_cases", *(s["name"] for s in stratifications)}
    cases = {t["name"] for t in test_cases}
    merged = dict(standard)
    merged["stratifications"] = stratifications + [{**s, "name": rename(s["name"], strata)} for s in addition.get("stratifications") or []]
    merged["test_cases"] = test_cases + [{**t, "name": rename(t["name"], cases)} for t in addition.get("test_cases") or []]
    return merged, renamed


def _version_of(saved: AnyType) -> Optional[int]:
    if isinstance(saved, Mapping):
        saved = saved.get("version")
    elif hasattr(saved, "version"):
        saved = saved.version
    return int(saved) if isinstance(saved, (int, float)) and not isinstance(saved, bool) else None


class Slicer(SlicewiseWidget):
    """The Slicer over samples with each model's columns; saving goes through this kernel to ``workspace``.

    ``standard`` gives the metric groups it computes (the dataset's quality standard); ``dataset``
    names what saving adds to. Use :meth:`Slicer.from_workspace` to build all of it from a platform.
    """

    kind = "Slicer"
    arrow_attributes = ("samples",)
    _model_name = Unicode("SlicerModel").tag(sync=True)
    _view_name = Unicode("SlicerView", allow_none=True).tag(sync=True)
    samples = _arrow_trait("The samples with each model's columns (samples(dataset, models=[...])).")

    def __init__(
        self,
        samples: AnyType,
        *,
        link: AnyType = DEFAULT_LINK,
        workspace: AnyType = None,
        fallback: bool = True,
        save_through_kernel: bool = True,
        **options: AnyType,
    ) -> None:
        wire = _wire_options(options)
        if save_through_kernel:
            wire["saveThroughKernel"] = True
        super().__init__(samples=_as_table(samples, "samples"), options=wire, link=link, workspace=workspace, fallback=fallback)
        self.saved: ListType[DictType[str, AnyType]] = []
        self.on_msg(_answer_slicer_message)

    @validate("samples")
    def _check_samples(self, proposal: AnyType) -> Optional[pa.Table]:
        return _as_table(proposal["value"], "samples")

    @classmethod
    def from_workspace(cls, workspace: AnyType, dataset: str, models: Sequence[str], *, limit: int = 1_000_000, **options: AnyType) -> "Slicer":
        """The dataset's samples with each model's columns, its id fields and quality standard, saving through ``workspace``."""
        description = workspace.describe_dataset(dataset)
        id_fields = description.get("id_fields") if isinstance(description, Mapping) else getattr(description, "id_fields", None)
        standard = options.pop("standard", None) or workspace.get_quality_standard(dataset)
        samples = workspace.samples(dataset, models=list(models), limit=limit)
        extra = {"id_fields": list(id_fields)} if id_fields else {}
        return cls(samples, workspace=workspace, dataset=dataset, models=list(models), standard=standard, **extra, **options)

    def save_slices(self, dataset: str, addition: Mapping[str, AnyType]) -> DictType[str, AnyType]:
        """Adds slices to ``dataset``'s quality standard as a new version (what the page's save button does here)."""
        workspace = self._workspace if self._workspace is not None else _remembered_workspace()
        if workspace is None:
            raise WidgetError("no_workspace", "this Slicer has no workspace to save to: make it with Slicer(..., workspace=sw) or sw = slicewise.connect() first")
        current = dict(workspace.get_quality_standard(dataset))
        current.pop("version", None)
        standard, renamed = merge_addition(current, addition)
        saved = workspace.set_quality_standard(dataset, standard)
        version = _version_of(saved)
        if version is None:
            version = _version_of(workspace.get_quality_standard(dataset))
        added = len(addition.get("stratifications") or []) + len(addition.get("test_cases") or [])
        outcome = {"version": version, "renamed": renamed, "added": added}
        self.saved.append({"dataset": dataset, **outcome})
        return outcome


def _answer_slicer_message(widget: Slicer, content: AnyType, buffers: AnyType) -> None:
    """The view's ``save_slices`` message: save with the widget's workspace and answer with the version (or the error)."""
    if not isinstance(content, Mapping) or content.get("type") != "save_slices":
        return
    request = content.get("request")
    try:
        dataset = content.get("dataset")
        addition = content.get("addition")
        if not isinstance(dataset, str) or not isinstance(addition, Mapping):
            raise WidgetError("bad_request", "a save_slices message needs a dataset (str) and an addition {stratifications, test_cases}")
        outcome = widget.save_slices(dataset, addition)
        widget.send({"type": "save_slices_result", "request": request, **outcome})
    except Exception as error:  # the page shows it, with the code that saves the same slices
        code = getattr(error, "code", None)
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        widget.send({"type": "save_slices_error", "request": request, "message": f"{message} [{code}]" if code else message})


# ---------------------------------------------------------------------------------------------
# Selection: a link group the kernel selects in


class _SelectionModel(Widget):
    """The model through which the kernel selects a test case (src/widgets/selectionWidget.ts); it has no view."""

    _model_name = Unicode("SelectionModel").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION_RANGE).tag(sync=True)
    _view_name = Unicode(None, allow_none=True).tag(sync=True)
    _view_module = Unicode(None, allow_none=True).tag(sync=True)
    _view_module_version = Unicode("").tag(sync=True)
    link = Unicode(None, allow_none=True).tag(sync=True)
    test_case = Any(None, allow_none=True).tag(sync=True)

    @default("keys")
    def _default_keys(self) -> ListType[str]:
        return _default_keys_without_extras(self)


class Selection:
    """A link group: widgets made with ``link=selection`` share the selected test case, and only with each other.

    ``select(stratification=..., test_case=...)`` selects a test case in every widget of the group
    from the kernel (``select(None)`` clears it), as the TypeScript ``selection().select(...)`` does.
    """

    def __init__(self, name: Optional[str] = None) -> None:
        self.name = name if name is not None else uuid.uuid4().hex
        self._selector: Optional[_SelectionModel] = None

    @classmethod
    def default(cls) -> "Selection":
        """The group every widget links to unless told otherwise."""
        return cls(DEFAULT_LINK)

    def select(self, stratification: AnyType = None, test_case: Optional[str] = None) -> None:
        """Selects ``(stratification, test_case)`` (or a dict {stratification, test_case}, or None to clear) in every linked widget."""
        chosen = _test_case(stratification if test_case is None else (stratification, test_case))
        previous = self._selector
        # A new model each time, so that a page opened since the last call hears it too.
        self._selector = _SelectionModel(link=self.name, test_case=chosen)
        if previous is not None:
            previous.close()
        for widget in _linked(self.name):
            _set_quietly(widget, chosen)

    @property
    def widgets(self) -> ListType[SlicewiseWidget]:
        """The live widgets of this group."""
        return _linked(self.name)

    def __repr__(self) -> str:
        return f"Selection({self.name!r})"


# ---------------------------------------------------------------------------------------------
# Tables that display as widgets

_KIND_CLASSES: DictType[str, type] = {
    "MetricsTable": MetricsTable,
    "ComparisonChart": ComparisonChart,
    "SampleGallery": SampleGallery,
    "Dashboard": Dashboard,
    "History": History,
    "Slicer": Slicer,
}


def widget_for_table(table: pa.Table, workspace: AnyType = None) -> Optional[SlicewiseWidget]:
    """The widget a table names in its schema metadata ``slicewise.widget`` (a kind), made from it; None when it names none."""
    metadata = table.schema.metadata or {}
    kind = metadata.get(WIDGET_METADATA_KEY)
    if kind is None:
        return None
    cls = _KIND_CLASSES.get(kind.decode("utf-8", "replace"))
    if cls is None:
        return None
    return cls(table, workspace=workspace)
