"""An evaluation's progress in the Python client: on a server whose engine is Spark (a local Spark Connect server),
``Workspace.evaluate``'s ``on_progress`` hears Spark's stages' tasks while it waits and the last report complete; on
DuckDB's engine (which does not report) it hears nothing and the evaluation is the same; a server without the
progress route is asked once and no more; and the lines a notebook and a terminal show."""

from __future__ import annotations

import http.server
import io
import json
import threading
import time
from typing import Any, Dict, Iterator, List, Tuple

import pyarrow as pa
import pytest

import slicewise
from slicewise import Progress, SlicewiseError
from slicewise._progress import NotebookProgress, ProgressPoll, TerminalProgress, describe_progress

from _slicewise_server import TOKEN, Server, digits, server, upload_digits  # noqa: F401
from _spark_connect import spark_remote  # noqa: F401


def check_reports(heard: List[Progress]) -> None:
    """Each report: Spark's tasks, no more done than known, no more stages done than known."""
    assert len(heard) >= 1
    for report in heard:
        assert report.unit == "tasks"
        assert report.total is not None and report.total > 0
        assert report.done <= report.total
        assert report.stages_done is not None and report.stages is not None and report.stages_done <= report.stages


@pytest.fixture(scope="module")
def spark_server(tmp_path_factory: pytest.TempPathFactory, spark_remote: str) -> Iterator[Server]:  # noqa: F811
    folder = tmp_path_factory.mktemp("slicewise-spark")
    running = Server(folder / "data", arguments=["--engine", "spark", "--spark-remote", spark_remote, "--warehouse", str(folder / "warehouse")])
    try:
        yield running
    finally:
        running.stop()


def test_on_spark_the_callback_hears_the_tasks_and_the_last_report_complete(spark_server: Server, digits: Dict[str, Any]) -> None:  # noqa: F811
    heard: List[Progress] = []
    threads: List[str] = []

    def on_progress(report: Progress) -> None:
        heard.append(report)
        threads.append(threading.current_thread().name)

    with slicewise.connect(url=spark_server.url, token=spark_server.token) as sw:
        upload_digits(sw, digits)
        table = sw.evaluate("digits", models=digits["models"], reference=digits["reference"], on_progress=on_progress)
    info = slicewise.evaluation_info(table)
    assert info is not None and info["datapoints"] == 1797
    check_reports(heard)
    # The last report (the answer's X-Slicewise-Progress) is complete: every task and stage left done.
    last = heard[-1]
    assert last.done == last.total
    assert last.stages_done == last.stages
    assert threads[-1] == threading.current_thread().name
    # The digits take Spark seconds (6.5 s on local[2] unloaded): the background thread's questions heard some reports too.
    assert "slicewise-progress" in threads


def test_on_duckdb_the_callback_hears_nothing_and_the_evaluation_is_the_same(server: Server, digits: Dict[str, Any]) -> None:  # noqa: F811
    heard: List[Progress] = []
    with slicewise.connect(url=server.url, token=server.token) as sw:
        upload_digits(sw, digits, name="digits_duckdb")
        options = {"models": digits["models"], "reference": digits["reference"]}
        with_thread = sw.evaluate("digits_duckdb", **options, on_progress=heard.append)
        without = sw.evaluate("digits_duckdb", **options, progress=False)
    assert heard == []
    assert with_thread.num_rows > 100
    assert with_thread.select(["test_case", "model", "metric", "n", "value", "verdict"]).equals(
        without.select(["test_case", "model", "metric", "n", "value", "verdict"])
    )


class _OlderServer(http.server.BaseHTTPRequestHandler):
    """A server from before the progress route: evaluate answers after a while, /operations/… is 404."""

    asked: List[str] = []
    evaluated: List[str] = []

    def log_message(self, *_: Any) -> None:
        pass

    def _answer(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.endswith("/health"):
            self._answer(200, "application/json", b'{"status":"ok"}')
            return
        type(self).asked.append(self.path)
        self._answer(404, "application/json", json.dumps({"error": {"code": "not_found", "message": f"no route {self.path}"}}).encode())

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).evaluated.append(self.path)
        time.sleep(3.5)
        sink = pa.BufferOutputStream()
        table = pa.table({"test_case": ["all"], "value": [0.5]})
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        self._answer(200, "application/vnd.apache.arrow.stream", sink.getvalue().to_pybytes())


def test_a_server_without_the_route_is_asked_once_and_the_evaluation_answers() -> None:
    older = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OlderServer)
    threading.Thread(target=older.serve_forever, daemon=True).start()
    heard: List[Progress] = []
    try:
        with slicewise.connect(url=f"http://127.0.0.1:{older.server_address[1]}", token=TOKEN) as sw:
            table = sw.evaluate("digits", models=["a"], on_progress=heard.append)
    finally:
        older.shutdown()
    assert table.column("value").to_pylist() == [0.5]
    assert heard == []
    # Named on the way in, asked for by that name once (about a second in), never again in the 3.5 s.
    [evaluated] = _OlderServer.evaluated
    operation = evaluated.split("?operation=")[1]
    assert _OlderServer.asked == [f"/api/v1/operations/{operation}/progress"]


def test_the_poll_stops_at_a_404_and_tells_every_report_until_stopped() -> None:
    refused: List[Progress] = []
    missing = ProgressPoll(lambda: (_ for _ in ()).throw(SlicewiseError("not_found", "no route", 404)), refused.append, interval=0.01).start()
    time.sleep(0.2)
    missing.stop()
    assert refused == [] and isinstance(missing.ended_by, SlicewiseError)

    answers = iter([None, {"unit": "tasks", "done": 3, "total": 10, "stages_done": 0, "stages": 2, "bytes_read": 0}])
    heard: List[Progress] = []
    poll = ProgressPoll(lambda: next(answers, None), heard.append, interval=0.01).start()
    time.sleep(0.2)
    poll.stop()
    assert heard == [Progress(unit="tasks", done=3, total=10, stages_done=0, stages=2, bytes_read=0)]


def test_the_lines_are_the_typescript_sides() -> None:
    # The strings of src/client/progressLine.ts's describeProgress for the same reports.
    assert describe_progress(Progress("tasks", 120, 200, 3, 5, 1.2e9)) == "stage 3/5, tasks 120/200 (60%), 1.2 GB read"
    assert describe_progress(Progress("tasks", 0, 0, 0, 1, 0)) == "stage 0/1, tasks 0/0"
    assert describe_progress(Progress("rows", 1234567, 2743483)) == "1,234,567 rows (45%)"
    assert describe_progress(Progress("percent", 45.4)) == "45%"


def test_the_notebook_shows_one_display_updated_in_place() -> None:
    published: List[Tuple[Dict[str, str], bool]] = []
    bar = NotebookProgress("Evaluating digits", "Evaluating 3 models on digits…", publish=lambda data, update: published.append((data, update)))
    bar.done("Evaluated 1,797 datapoints (0 left out) in 0.1 s.")
    assert published == []  # a quick evaluation shows nothing but its table
    bar.waiting()
    bar.show(Progress("tasks", 27, 54, 18, 36, 0))
    bar.done("Evaluated 1,797 datapoints (0 left out) in 13.0 s.")
    assert [update for _, update in published] == [False, True, True]
    assert [data["text/plain"] for data, _ in published] == [
        "Evaluating 3 models on digits…",
        "Evaluating digits: stage 18/36, tasks 27/54 (50%)",
        "Evaluated 1,797 datapoints (0 left out) in 13.0 s.",
    ]
    assert '<progress value="0.500" max="1"' in published[1][0]["text/html"]


def test_the_terminal_line_is_rewritten_in_place_and_erased() -> None:
    stream = io.StringIO()
    line = TerminalProgress("evaluating digits", stream)
    line.show(Progress("tasks", 27, 54, 18, 36, 0))
    line.done("")
    assert stream.getvalue() == "\revaluating digits: stage 18/36, tasks 27/54 (50%)\x1b[K\r\x1b[K"


def test_the_progress_route_answers_null_for_an_unknown_operation(server: Server) -> None:  # noqa: F811
    with slicewise.connect(url=server.url, token=server.token) as sw:
        answer = sw._http.json("GET", "/operations/00000000-0000-0000-0000-000000000000/progress")
    assert answer == {"operation": "00000000-0000-0000-0000-000000000000", "progress": None}

