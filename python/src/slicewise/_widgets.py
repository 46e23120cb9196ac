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

import json
from typing import Any as AnyType
from typing import ClassVar, Dict as DictType, Iterable, List as ListType, Mapping, Optional, Sequence, Tuple

import pyarrow as pa
from ipywidgets import DOMWidget
from ipywidgets.widgets.widget import JUPYTER_WIDGETS_ECHO, _remove_buffers
from traitlets import Any, Dict, List, Unicode, default, observe, validate

from ._link_groups import _live_widgets, linked, set_quietly
from ._selection import Selection
from ._slicer_save import answer_save_message, merge_addition, save_slices
from ._static_copy import _static_html, remember_workspace
from ._widget_wire import (
    DEFAULT_LINK,
    MODULE_NAME,
    MODULE_VERSION_RANGE,
    SLICEWISE_VIEW_MIME,
    WIDGET_METADATA_KEY,
    WIDGET_VIEW_MIME,
    WidgetError,
    _as_table,
    _ipc_stream,
    _test_case,
    _wire_options,
    synced_keys,
)

__all__ = [
    "ComparisonChart",
    "Dashboard",
    "EmbeddingMap",
    "History",
    "MetricsTable",
    "SampleGallery",
    "Selection",
    "Slicer",
    "WidgetError",
    "merge_addition",
    "remember_workspace",
    "widget_for_table",
    "_static_html",
]

#: The dataset a client's table came from (``_results.DATASET_KEY``): where an EmbeddingMap saves.
_DATASET_KEY = b"slicewise.dataset"

#: Python trait name -> wire state key, where they differ.
_TO_WIRE: DictType[str, str] = {"link": "selection", "selection": "selected_test_case"}
_FROM_WIRE: DictType[str, str] = {wire: name for name, wire in _TO_WIRE.items()}
#: Written by the front end only: not part of comm_open (the TypeScript side never sends them),
#: but part of the state a reloaded page asks for, so a kept selection comes back.
_FRONT_END_KEYS = ("selection", "selected_samples")


def _arrow_to_json(table: Optional[pa.Table], widget: "SlicewiseWidget") -> Optional[memoryview]:
    """Serializes once per table: a memoryview, which ipywidgets sends as a binary buffer without a copy."""
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

    @default("_model_name")
    def _default_model_name(self) -> str:
        return f"{self.kind}Model"

    @default("_view_name")
    def _default_view_name(self) -> str:
        return f"{self.kind}View"

    @validate("results", "samples", "history", "detection", "projection")
    def _check_table(self, proposal: AnyType) -> Optional[pa.Table]:
        """A kind's tables, whichever it has, take what the constructors take (pyarrow, IPC bytes, pandas …)."""
        return _as_table(proposal["value"], proposal["trait"].name)

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
        # The TypeScript side sends none of DOMWidget's layout keys, so neither do these widgets; its
        # Arrow buffers go in the descriptor's order (a Dashboard's results, samples, detection, projection).
        keys = synced_keys(self)
        return [name for name in keys if name not in self.arrow_attributes] + [name for name in self.arrow_attributes if name in keys]

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
        for widget in linked(self.link, but=self):
            set_quietly(widget, change["new"])

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
        # Rows of a table since replaced may be past its end: those have no id here.
        rows = [row for row in rows if 0 <= row < samples.num_rows]
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
        nouns = {"results": "evaluation rows", "samples": "samples", "history": "history rows", "detection": "chart rows", "projection": "projected points"}
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
        return self._bundle(with_static_copy=self._fallback)

    def _ipython_display_(self) -> None:
        """Shows the live view at once, then adds the static copy by updating the same output.

        The platform takes longer to draw a large widget's copy than the page takes to show its view
        (a 1,000-test-case table: 0.4–0.6 s for the copy on a busy 2-core machine, about 0.2 s for the
        view), and the view does not need it: the slicewise extension keeps the view when the output's
        update names the same model.
        """
        from IPython.display import display

        if self.comm is None or not self._fallback:
            display(self._bundle(with_static_copy=self._fallback), raw=True)
            return
        handle = display(self._bundle(with_static_copy=False), raw=True, display_id=True)
        handle.update(self._bundle(with_static_copy=True), raw=True)

    def _bundle(self, with_static_copy: bool) -> DictType[str, AnyType]:
        if self.comm is None:
            return {"text/plain": f"{self._summary()} (closed)"}
        bundle: DictType[str, AnyType] = {"text/plain": self._summary()}
        if with_static_copy:
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
    results = _arrow_trait("The evaluation table (what evaluate() returns).")

    def __init__(self, results: AnyType, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **options: AnyType) -> None:
        super().__init__(
            results=_as_table(results, "results"), options=_wire_options(options), link=link, workspace=workspace, fallback=fallback
        )


class ComparisonChart(SlicewiseWidget):
    """The evaluation as a chart; ``kind``: "delta" (default), "bars", "scatter" or "heatmap" — or, given ``detection``
    (what ``detection_charts`` returns), "pr" (precision–recall curves) or "confusion"; ``metric``: a metric's label."""

    kind = "ComparisonChart"
    arrow_attributes = ("results", "detection")
    results = _arrow_trait("The evaluation table (what evaluate() returns).")
    detection = _arrow_trait("The detection-charts table (what detection_charts() returns), or None.")

    def __init__(
        self,
        results: AnyType,
        *,
        detection: AnyType = None,
        link: AnyType = DEFAULT_LINK,
        workspace: AnyType = None,
        fallback: bool = True,
        **options: AnyType,
    ) -> None:
        super().__init__(
            results=_as_table(results, "results"),
            detection=_as_table(detection, "detection"),
            options=_wire_options(options),
            link=link,
            workspace=workspace,
            fallback=fallback,
        )


class SampleGallery(SlicewiseWidget):
    """The samples behind the numbers, filtered by the linked test case; a click on a card sets ``selected_ids``."""

    kind = "SampleGallery"
    arrow_attributes = ("samples",)
    samples = _arrow_trait("The samples table (what samples() returns).")

    def __init__(self, samples: AnyType, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **options: AnyType) -> None:
        super().__init__(
            samples=_as_table(samples, "samples"), options=_wire_options(options), link=link, workspace=workspace, fallback=fallback
        )


class Dashboard(SlicewiseWidget):
    """Table, charts and gallery in resizable panels, linked; ``samples`` is optional, and a ``projection``
    (what ``project_embedding`` returns) adds an "Embedding map" tab whose points show the samples' images."""

    kind = "Dashboard"
    arrow_attributes = ("results", "samples", "detection", "projection")
    results = _arrow_trait("The evaluation table (what evaluate() returns).")
    samples = _arrow_trait("The samples table (what samples() returns), or None.")
    detection = _arrow_trait("The detection-charts table (what detection_charts() returns): the precision–recall and confusion tabs; or None.")
    projection = _arrow_trait("The embedding map's table (what project_embedding() returns), or None.")

    def __init__(
        self,
        results: AnyType,
        samples: AnyType = None,
        *,
        detection: AnyType = None,
        projection: AnyType = None,
        link: AnyType = DEFAULT_LINK,
        workspace: AnyType = None,
        fallback: bool = True,
        **options: AnyType,
    ) -> None:
        super().__init__(
            results=_as_table(results, "results"),
            samples=_as_table(samples, "samples"),
            detection=_as_table(detection, "detection"),
            projection=_as_table(projection, "projection"),
            options=_wire_options(options),
            link=link,
            workspace=workspace,
            fallback=fallback,
        )


class History(SlicewiseWidget):
    """One metric per test case across recorded runs or model versions (what history() returns); ``metric``, ``model``."""

    kind = "History"
    arrow_attributes = ("history",)
    history = _arrow_trait("The history table (what history() returns).")

    def __init__(self, history: AnyType, *, link: AnyType = DEFAULT_LINK, workspace: AnyType = None, fallback: bool = True, **options: AnyType) -> None:
        super().__init__(
            history=_as_table(history, "history"), options=_wire_options(options), link=link, workspace=workspace, fallback=fallback
        )


class Slicer(SlicewiseWidget):
    """The Slicer over samples with each model's columns; saving goes through this kernel to ``workspace``.

    ``standard`` gives the metric groups it computes (the dataset's quality standard); ``dataset``
    names what saving adds to. Use :meth:`Slicer.from_workspace` to build all of it from a platform.
    """

    kind = "Slicer"
    arrow_attributes = ("samples",)
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
        self.on_msg(answer_save_message)

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
        outcome = save_slices(self._workspace, dataset, addition)
        self.saved.append({"dataset": dataset, **outcome})
        return outcome


class EmbeddingMap(SlicewiseWidget):
    """The embedding map (docs/embedding-map.md): each datapoint a point of a 2-D projection, coloured by a model's
    correctness, two models' disagreement or discovery's cluster; pan, zoom, lasso or click for "more like this", and
    save the chosen samples as an id-set test case through this kernel to ``workspace``.

    ``projection`` is what ``Workspace.project_embedding`` returns (``x``, ``y``, ``<model>.correct``, optionally
    ``cluster`` and the ``embedding``); :meth:`EmbeddingMap.from_workspace` builds it with the samples' images beside.
    """

    kind = "EmbeddingMap"
    arrow_attributes = ("samples",)
    samples = _arrow_trait("The projection, with any sample columns beside it (named `samples` in the state, as the TypeScript side sends it).")

    def __init__(
        self,
        projection: AnyType,
        *,
        link: AnyType = DEFAULT_LINK,
        workspace: AnyType = None,
        fallback: bool = True,
        save_through_kernel: bool = True,
        **options: AnyType,
    ) -> None:
        table = _as_table(projection, "projection")
        wire = _wire_options(options)
        # A table from project_embedding knows its dataset: a lasso's test case is saved there.
        dataset = ((table.schema.metadata or {}) if table is not None else {}).get(_DATASET_KEY)
        if "dataset" not in wire and dataset is not None:
            wire["dataset"] = dataset.decode("utf-8", "replace")
        if save_through_kernel:
            wire["saveThroughKernel"] = True
        super().__init__(samples=table, options=wire, link=link, workspace=workspace, fallback=fallback)
        self.saved: ListType[DictType[str, AnyType]] = []
        self.on_msg(answer_save_message)

    @classmethod
    def from_workspace(
        cls,
        workspace: AnyType,
        dataset: str,
        models: Sequence[str],
        *,
        embedding: str = "embedding",
        label: Optional[str] = None,
        fields: Optional[Sequence[str]] = None,
        seed: Optional[int] = None,
        **options: AnyType,
    ) -> "EmbeddingMap":
        """The map of ``dataset``'s ``embedding`` for ``models``, as the TypeScript ``sw.embeddingMap`` builds it: the
        projection with the embedding ("more like this") and, given ``label``, discovery's clusters within each class,
        beside the samples' columns (image, each model's prediction) so that the gallery shows what the points are."""
        projection = workspace.project_embedding(
            dataset,
            embedding=embedding,
            models=list(models),
            label=label,
            fields=fields,
            clusters=label is not None,
            include_embedding=True,
            seed=seed,
        )
        description = workspace.describe_dataset(dataset)
        id_fields = list(description.get("id_fields") if isinstance(description, Mapping) else getattr(description, "id_fields", []))
        samples = workspace.samples(dataset, models=list(models), limit=max(1, projection.num_rows), order_by=id_fields)
        table = with_sample_columns(projection, samples, id_fields)
        return cls(table, workspace=workspace, dataset=dataset, id_fields=id_fields, **options)

    def save_slices(self, dataset: str, addition: Mapping[str, AnyType]) -> DictType[str, AnyType]:
        """Adds the chosen samples' test case to ``dataset``'s quality standard as a new version (the page's save button)."""
        outcome = save_slices(self._workspace, dataset, addition)
        self.saved.append({"dataset": dataset, **outcome})
        return outcome


def with_sample_columns(projection: pa.Table, samples: pa.Table, id_fields: Sequence[str]) -> pa.Table:
    """``projection`` with every column of ``samples`` it lacks, matched on ``id_fields`` (src/charts/projectionSamples.ts):
    taken whole when both list the same ids in the same order, else gathered by id, with nulls where a point has no sample."""
    added = [name for name in samples.column_names if name not in projection.column_names]
    if not added:
        return projection
    keys = list(id_fields)
    aligned = projection.num_rows == samples.num_rows and all(projection.column(key).equals(samples.column(key)) for key in keys)
    if aligned:
        rows: AnyType = None
    else:
        at = {tuple(record[key] for key in keys): row for row, record in enumerate(samples.select(keys).to_pylist())}
        rows = pa.array([at.get(tuple(record[key] for key in keys)) for record in projection.select(keys).to_pylist()], type=pa.int64())
    table = projection
    for name in added:
        column = samples.column(name)
        table = table.append_column(samples.schema.field(name), column if rows is None else column.take(rows))
    return table.replace_schema_metadata(projection.schema.metadata)


# ---------------------------------------------------------------------------------------------
# Tables that display as widgets

_KIND_CLASSES: DictType[str, type] = {
    "MetricsTable": MetricsTable,
    "ComparisonChart": ComparisonChart,
    "SampleGallery": SampleGallery,
    "Dashboard": Dashboard,
    "History": History,
    "Slicer": Slicer,
    "EmbeddingMap": EmbeddingMap,
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
