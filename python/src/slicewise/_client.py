"""The Python client: the TypeScript ``Workspace`` (src/client/workspace.ts) in Python's naming, over the
platform's HTTP API (``/api/v1``, described at ``/api/v1/openapi.json``).

Only the standard library speaks HTTP (``http.client``, one keep-alive connection per workspace); tables
come back as ``pyarrow.Table`` tagged with the widget that draws them (``_results.py``); uploads stream as
Arrow IPC in chunked transfer encoding (``_inputs.py``). No figure is computed here: every number comes
from the platform.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pyarrow as pa

from ._embedded import EmbeddedServer, default_data_directory, running_servers
from ._errors import SlicewiseError
from ._inputs import UploadBody, as_names, upload_body
from ._progress import Progress, ProgressDisplay, ProgressPoll, progress_display
from ._results import DATASET_KEY, OPTIONS_KEY, evaluation_info, register_formatter, tagged

JSON = Dict[str, Any]
#: A test case by name ("digit/3") or by its parts (("digit", "3")), for names that hold a "/".
TestCase = Union[str, Tuple[str, str], Mapping[str, str]]

_ARROW = "application/vnd.apache.arrow.stream"
#: Node's HTTP server closes idle keep-alive connections after 5 s; a connection idle longer is not reused.
_IDLE_SECONDS = 4.0
#: The most samples a Slicer fetches unless told otherwise: the platform's page limit (as the TypeScript side).
_SLICER_SAMPLES = 1_000_000


def _path(*parts: Union[str, int]) -> str:
    return "".join("/" + quote(str(part), safe="") for part in parts)


def _without_none(values: Mapping[str, Any]) -> JSON:
    return {key: value for key, value in values.items() if value is not None}


class _Http:
    """One keep-alive connection to a server, used by one request at a time."""

    def __init__(self, url: str, token: Optional[str], timeout: Optional[float]) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SlicewiseError("bad_request", f'"{url}" is not a server address; give one like http://127.0.0.1:8765')
        self.url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.token = token
        self.timeout = timeout
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._base = parts.path.rstrip("/") + "/api/v1"
        self._connection: Optional[http.client.HTTPConnection] = None
        self._last_used = 0.0
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is not None and time.monotonic() - self._last_used > _IDLE_SECONDS:
            self._drop()
        if self._connection is None:
            kind = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
            self._connection = kind(self._host, self._port, timeout=self.timeout)
        return self._connection

    def _headers(self, content_type: Optional[str]) -> Dict[str, str]:
        headers = {"Accept": "application/json, " + _ARROW + ", text/html"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        return headers

    def _unreachable(self, error: BaseException) -> SlicewiseError:
        return SlicewiseError(
            "unreachable",
            f"cannot reach the slicewise server at {self.url} ({error}); start one with `slicewise serve` (or `npx slicewise serve`) "
            "and pass the URL and token it prints to slicewise.connect(url=..., token=...) (or SLICEWISE_URL / SLICEWISE_TOKEN), "
            "or call slicewise.connect() with no URL to run a private server for this kernel",
        )

    def request(
        self, method: str, path: str, *, body: Optional[bytes] = None, content_type: Optional[str] = None, upload: Optional[UploadBody] = None
    ) -> Tuple[int, str, bytes, http.client.HTTPMessage]:
        """Sends one request; answers (status, content type, body, headers) of a 2xx, raises ``SlicewiseError`` otherwise."""
        with self._lock:
            for attempt in (0, 1):
                reused = self._connection is not None and time.monotonic() - self._last_used <= _IDLE_SECONDS
                connection = self._connect()
                try:
                    if upload is None:
                        connection.request(method, self._base + path, body=body, headers=self._headers(content_type))
                        response = connection.getresponse()
                    else:
                        response = self._send_upload(connection, method, self._base + path, upload)
                    data = response.read()
                except (ConnectionRefusedError, socket.gaierror) as error:
                    self._drop()
                    raise self._unreachable(error) from None
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                    self._drop()
                    # A keep-alive connection the server had closed: one retry on a new one (uploads cannot be replayed).
                    if reused and upload is None and attempt == 0:
                        continue
                    raise self._unreachable(error) from None
                except OSError as error:
                    self._drop()
                    raise self._unreachable(error) from None
                self._last_used = time.monotonic()
                if response.getheader("Connection", "").lower() == "close":
                    self._drop()
                kind = (response.getheader("Content-Type") or "").split(";")[0].strip()
                if 200 <= response.status < 300:
                    return response.status, kind, data, response.msg
                raise self._error(response.status, response.reason, kind, data)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_upload(self, connection: http.client.HTTPConnection, method: str, url: str, upload: UploadBody) -> http.client.HTTPResponse:
        """Streams the body in chunked transfer encoding, one chunk per record batch, produced as the socket drains."""
        connection.putrequest(method, url, skip_accept_encoding=True)
        for name, value in self._headers(upload.content_type).items():
            connection.putheader(name, value)
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        sock = connection.sock
        try:
            for pieces in upload.chunks:
                size = sum(len(piece) for piece in pieces)
                if size == 0:
                    continue
                sock.sendall(b"%X\r\n" % size)
                for piece in pieces:
                    sock.sendall(piece)
                sock.sendall(b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            # The server answered before the end (a refusal, e.g. 413): its answer says why.
            return connection.getresponse()
        except BaseException:
            # A batch that failed to convert: hang up, so the server stores nothing of a half-sent upload.
            self._drop()
            raise
        return connection.getresponse()

    def _error(self, status: int, reason: str, kind: str, data: bytes) -> SlicewiseError:
        code, message = "internal", ""
        if kind == "application/json":
            try:
                error = json.loads(data)["error"]
                code, message = error["code"], error["message"]
            except (ValueError, KeyError, TypeError):
                pass
        if not message:
            message = f"the server answered {status} {reason}: {data[:200].decode('utf-8', 'replace')}"
        if code == "unauthorized":
            message = (
                f"the server at {self.url} {'refused the token given' if self.token else 'needs a token'}; pass the token `slicewise serve` "
                "printed (the ?token=… of its address): slicewise.connect(url=..., token=...) or SLICEWISE_TOKEN"
            )
        return SlicewiseError(code, message, status)

    # -- typed helpers ------------------------------------------------------------------------------------

    def json(self, method: str, path: str, body: Any = None) -> Any:
        payload = None if body is None else json.dumps(body).encode()
        _, _, data, _ = self.request(method, path, body=payload, content_type="application/json" if payload is not None else None)
        return json.loads(data)

    def table(self, method: str, path: str, body: Any = None) -> pa.Table:
        payload = None if body is None else json.dumps(body).encode()
        _, kind, data, _ = self.request(method, path, body=payload, content_type="application/json" if payload is not None else None)
        return _arrow_table(path, kind, data)


def _arrow_table(path: str, kind: str, data: bytes) -> pa.Table:
    if kind != _ARROW:
        raise SlicewiseError("internal", f"expected an Arrow IPC stream from {path}, got {kind or 'no content type'}")
    with pa.ipc.open_stream(pa.py_buffer(data)) as reader:
        return reader.read_all()


@dataclass
class CheckResult:
    """The CI gate's answer (POST …/check): did any gated test case regress, and which."""

    passed: bool
    candidate: str
    reference: str
    fail_on: str
    min_n: int
    run_id: int
    #: Every gated (test case, metric), worst first: failures, then passes, then skips.
    findings: List[JSON]
    regressions: List[JSON]
    skipped: List[JSON]
    #: The evaluation's provenance (dataset commit, quality-standard version, datapoints …).
    info: JSON
    #: The evaluation table the gate read (the recorded run), a MetricsTable in a notebook.
    evaluation: pa.Table = field(repr=False)

    def __bool__(self) -> bool:
        return self.passed

    def _repr_markdown_(self) -> str:
        head = "✅ passed" if self.passed else f"❌ FAILED: {len(self.regressions)} regression(s)"
        lines = [f"**slicewise check** {self.candidate} vs {self.reference} (run {self.run_id}): {head}", ""]
        for finding in self.regressions[:20]:
            lines.append(f"- {finding['stratification']}/{finding['test_case']} · {finding['metric']}: {finding['reason']}")
        return "\n".join(lines)


@dataclass
class Report:
    """A self-contained HTML report (POST …/report)."""

    html: str = field(repr=False)
    path: Optional[str]
    bytes: int


class Workspace:
    """A slicewise platform: datasets, model results, quality standards, evaluations and samples.

    Made by :func:`connect`; usable as a context manager (``with slicewise.connect() as sw: ...``), which
    closes it (and stops an embedded server) at the end.
    """

    def __init__(self, url: str, token: Optional[str] = None, *, timeout: Optional[float] = None, server: Optional[EmbeddedServer] = None) -> None:
        self._http = _Http(url, token, timeout)
        self._server = server
        self._closed = False
        _opened.append(weakref.ref(self))

    @property
    def location(self) -> str:
        """The server's URL (the embedded one's too)."""
        return self._http.url

    @property
    def embedded(self) -> bool:
        """Whether this workspace runs its own private server."""
        return self._server is not None

    def __repr__(self) -> str:
        where = f"embedded at {self.location}, data {self._server.data}" if self._server else self.location
        return f"<slicewise.Workspace {where}{' (closed)' if self._closed else ''}>"

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection; an embedded server is stopped (its data stays in its directory) once no
        other open workspace of this process shares it."""
        self._closed = True
        self._http.close()
        if self._server is not None and not any(other._server is self._server for other in _open_workspaces() if other is not self):
            self._server.stop()

    def health(self) -> JSON:
        """GET /health, authorised: checks that the server is up and takes the token."""
        return self._http.json("GET", "/health")  # type: ignore[no-any-return]

    # -- uploads ----------------------------------------------------------------------------------------

    def upload_dataset(self, name: str, data: Any, id_fields: Optional[Sequence[str]] = None, *, batch_rows: Optional[int] = None) -> JSON:
        """Uploads a dataset's rows as a new commit; ``id_fields`` are the columns that identify a datapoint (inferred when not given).

        ``data``: a pandas or polars DataFrame, a pyarrow Table / RecordBatch / RecordBatchReader, a list of row dicts,
        or the path of a .csv, .ndjson, .parquet or .arrow file. Answers the upload summary (commit, rows, id_fields).
        """
        body = upload_body(data, **({"batch_rows": batch_rows} if batch_rows else {}))
        fields = as_names(id_fields)
        query = "?" + urlencode({"id_fields": ",".join(fields)}) if fields else ""
        return self._upload(_path("datasets", name) + query, body)

    def upload_results(self, dataset: str, model: str, data: Any, *, batch_rows: Optional[int] = None) -> JSON:
        """Uploads a model's results, one row per datapoint, joined to the dataset on its id fields."""
        body = upload_body(data, **({"batch_rows": batch_rows} if batch_rows else {}))
        return self._upload(_path("datasets", dataset, "models", model, "results"), body)

    def _upload(self, path: str, body: UploadBody) -> JSON:
        _, _, data, _ = self._http.request("PUT", path, upload=body)
        return json.loads(data)  # type: ignore[no-any-return]

    # -- datasets and quality standards -----------------------------------------------------------------

    def set_quality_standard(self, dataset: str, standard: Mapping[str, Any]) -> JSON:
        """Sets the quality standard (the JSON document: stratifications, test_cases, metric_groups): a new version."""
        return self._http.json("PUT", _path("datasets", dataset, "quality-standard"), dict(standard))  # type: ignore[no-any-return]

    def get_quality_standard(self, dataset: str, version: Optional[int] = None, ids: Optional[str] = None) -> JSON:
        """The quality standard: the latest, or ``version``.

        A test case of more than 1,000 chosen ids reads as ``{"name", "ids": None, "id_count", "ids_of"}``; set back
        as it is, it keeps its ids. ``ids="all"`` lists every id.
        """
        query = urlencode(_without_none({"version": None if version is None else int(version), "ids": ids}))
        return self._http.json("GET", _path("datasets", dataset, "quality-standard") + (f"?{query}" if query else ""))  # type: ignore[no-any-return]

    def list_datasets(self) -> List[str]:
        return list(self._http.json("GET", "/datasets")["datasets"])

    def describe_dataset(self, name: str) -> JSON:
        """Columns, commits, models with results, and the quality standard's version."""
        return self._http.json("GET", _path("datasets", name))  # type: ignore[no-any-return]

    def delete_dataset(self, name: str) -> JSON:
        """Deletes a dataset with its commits, results, standards and runs."""
        return self._http.json("DELETE", _path("datasets", name))  # type: ignore[no-any-return]

    def discover_slices(
        self,
        dataset: str,
        *,
        embedding: str,
        per: str,
        models: Sequence[str],
        reference: Optional[str] = None,
        k: Union[int, str, None] = None,
        k_max: Optional[int] = None,
        dims: Optional[int] = None,
        min_size: Optional[int] = None,
        seed: Optional[int] = None,
    ) -> List[JSON]:
        """Hidden subclasses (docs/discovery.md): within each value of ``per``, clusters of the ``embedding`` column where a
        model errs more than on the rest of the class, each tested, with q-values; a candidate's ``ids`` save as a test case
        ``{"name": ..., "ids": ...}``."""
        options = {"embedding": embedding, "per": per, "models": list(models), "reference": reference, "k": k}
        body = _without_none({**options, "k_max": k_max, "dims": dims, "min_size": min_size, "seed": seed})
        return list(self._http.json("POST", _path("datasets", dataset, "discover"), body)["candidates"])

    def project_embedding(
        self,
        dataset: str,
        *,
        embedding: str,
        models: Optional[Sequence[str]] = None,
        label: Optional[str] = None,
        fields: Optional[Sequence[str]] = None,
        pred: Optional[str] = None,
        correct: Optional[str] = None,
        clusters: Optional[bool] = None,
        normalize: Optional[bool] = None,
        fit_rows: Optional[int] = None,
        include_embedding: Optional[bool] = None,
        seed: Optional[int] = None,
    ) -> pa.Table:
        """The embedding map's table (docs/embedding-map.md): each datapoint's ``embedding`` projected on its first two
        principal components as ``x``, ``y``, with each model's correctness as ``<model>.correct``; ``clusters=True``
        (needs ``label``) adds discovery's ``cluster`` within each class, ``include_embedding=True`` the embedding itself.
        An EmbeddingMap in a notebook (``EmbeddingMap.from_workspace`` adds the samples' images beside the points)."""
        body = _without_none(
            {
                "embedding": embedding,
                "models": as_names(models),
                "label": label,
                "fields": as_names(fields),
                "pred": pred,
                "correct": correct,
                "clusters": clusters,
                "normalize": normalize,
                "fit_rows": fit_rows,
                "include_embedding": include_embedding,
                "seed": seed,
            }
        )
        table = self._http.table("POST", _path("datasets", dataset, "projection"), body)
        return tagged(table, "EmbeddingMap", {DATASET_KEY: dataset, OPTIONS_KEY: json.dumps({"dataset": dataset})})

    def detection_charts(
        self,
        dataset: str,
        *,
        models: Sequence[str],
        reference: Optional[str] = None,
        version: Optional[int] = None,
        resolution: Optional[float] = None,
    ) -> pa.Table:
        """Every detection metric's precision–recall curves and confusion matrices per test case and model
        (docs/detection.md): give it to ``ComparisonChart(results, kind="pr", detection=...)`` or ``Dashboard``."""
        body = _without_none({"models": as_names(models), "reference": reference, "version": version, "resolution": resolution})
        return self._http.table("POST", _path("datasets", dataset, "detection-charts"), body)

    def extract_properties(self, dataset: str, *, image: Optional[str] = None, text: Optional[str] = None, boxes: Optional[str] = None) -> JSON:
        """Measures the image, text and box columns named (docs/properties.md) into a new commit of the dataset with
        ``property.<name>`` columns; returns the commit, the columns written and the images that could not be read."""
        body = _without_none({"image": image, "text": text, "boxes": boxes})
        return self._http.json("POST", _path("datasets", dataset, "properties"), body)  # type: ignore[no-any-return]

    # -- evaluations ------------------------------------------------------------------------------------

    def evaluate(
        self,
        dataset: str,
        models: Sequence[str],
        reference: Optional[str] = None,
        *,
        confidence: Optional[float] = None,
        record: Optional[bool] = None,
        label: Optional[str] = None,
        min_n: Optional[int] = None,
        version: Optional[int] = None,
        resamples: Optional[int] = None,
        seed: Optional[int] = None,
        progress: bool = True,
        on_progress: Optional[Callable[[Progress], None]] = None,
    ) -> pa.Table:
        """The evaluation table: every test case × model × metric with n, value, interval, delta, p, q and verdict.

        Its provenance (dataset commit, models, reference, run_id when ``record``) is in the schema metadata:
        ``slicewise.evaluation_info(table)``. In a notebook the table displays as the MetricsTable.

        A slow evaluation says how far it has got where the engine reports (Spark: its stages' tasks; DuckDB's do
        not report): a bar in a notebook, a line on a terminal's stderr; ``progress=False`` shows nothing.
        ``on_progress`` hears each report (a ``slicewise.Progress``) on a background thread, and the last one, complete,
        on the caller's thread before evaluate returns.
        """
        body = _without_none(
            {
                "models": as_names(models),
                "reference": reference,
                "confidence": confidence,
                "record": record,
                "label": label,
                "min_n": min_n,
                "version": version,
                "resamples": resamples,
                "seed": seed,
            }
        )
        path = _path("datasets", dataset, "evaluate")
        display = progress_display(dataset, len(body["models"])) if progress else ProgressDisplay()
        if on_progress is None and not display.shows:
            return tagged(self._http.table("POST", path, body), "MetricsTable", {DATASET_KEY: dataset})
        return tagged(self._evaluate_with_progress(path, body, display, on_progress), "MetricsTable", {DATASET_KEY: dataset})

    def _evaluate_with_progress(self, path: str, body: JSON, display: ProgressDisplay, on_progress: Optional[Callable[[Progress], None]]) -> pa.Table:
        """The evaluation named by a fresh operation name, whose progress a second connection asks for while this one
        waits (GET /operations/{name}/progress); the answer's X-Slicewise-Progress header is the last report."""

        def listener(report: Progress) -> None:
            display.show(report)
            if on_progress is not None:
                on_progress(report)

        operation = str(uuid.uuid4())
        asker = _Http(self._http.url, self._http.token, self._http.timeout)
        poll = ProgressPoll(
            lambda: asker.json("GET", _path("operations", operation, "progress"))["progress"],
            listener,
            on_slow=display.waiting if display.shows else None,
        ).start()
        started = time.monotonic()
        try:
            _, kind, data, headers = self._http.request(
                "POST", f"{path}?{urlencode({'operation': operation})}", body=json.dumps(body).encode(), content_type="application/json"
            )
        except BaseException:
            display.clear()
            raise
        finally:
            poll.stop()
            asker.close()
        last = headers.get("X-Slicewise-Progress")
        if last:
            listener(Progress.from_wire(json.loads(last)))
        table = _arrow_table(path, kind, data)
        info = evaluation_info(table) or {}
        datapoints = f"{info['datapoints']:,}" if isinstance(info.get("datapoints"), int) else "?"
        display.done(f"Evaluated {datapoints} datapoints ({info.get('excluded_datapoints', 0)} left out) in {time.monotonic() - started:.1f} s.")
        return table

    def samples(
        self,
        dataset: str,
        models: Optional[Sequence[str]] = None,
        *,
        test_case: Optional[TestCase] = None,
        where: Optional[Mapping[str, Any]] = None,
        order_by: Optional[Union[str, Sequence[str]]] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        test_case_columns: Optional[bool] = None,
    ) -> pa.Table:
        """The datapoints behind a number: dataset columns, then each model's as ``<model>.<field>``; a SampleGallery in a notebook.

        ``test_case`` is "stratification/test case" or a (stratification, test case) pair; ``where`` a predicate
        (``{"field": "ink", "op": "lt", "value": 280}``); ``order_by`` field names, each optionally followed by " desc".
        """
        if isinstance(test_case, tuple):
            test_case = {"stratification": test_case[0], "test_case": test_case[1]}
        body = _without_none(
            {
                "models": as_names(models),
                "test_case": dict(test_case) if isinstance(test_case, Mapping) else test_case,
                "where": dict(where) if where is not None else None,
                "order_by": order_by if isinstance(order_by, str) or order_by is None else list(order_by),
                "limit": limit,
                "offset": offset,
                "test_case_columns": test_case_columns,
            }
        )
        return tagged(self._http.table("POST", _path("datasets", dataset, "samples"), body), "SampleGallery", {DATASET_KEY: dataset})

    def slicer(
        self,
        dataset: str,
        models: Sequence[str],
        reference: Optional[str] = None,
        *,
        limit: Optional[int] = None,
        confidence: Optional[float] = None,
        fields: Optional[Sequence[str]] = None,
    ) -> pa.Table:
        """The Slicer's data: the dataset's samples (up to ``limit``, default 1,000,000) with each model's columns, whose
        schema metadata carries the Slicer's options (``slicewise.options``: dataset, models, reference, the quality
        standard whose metric groups it computes, the id fields); a Slicer in a notebook."""
        description = self.describe_dataset(dataset)
        standard = self.get_quality_standard(dataset)
        samples = self.samples(dataset, models, limit=limit if limit is not None else _SLICER_SAMPLES)
        options = _without_none(
            {
                "dataset": dataset,
                "models": as_names(models),
                "reference": reference,
                "standard": standard,
                "idFields": description["id_fields"],
                "confidence": confidence,
                "fields": as_names(fields),
            }
        )
        return tagged(samples, "Slicer", {DATASET_KEY: dataset, OPTIONS_KEY: json.dumps(options)})

    def runs(self, dataset: str) -> List[JSON]:
        """The recorded evaluations (evaluate with ``record=True``, and every check), oldest first."""
        return list(self._http.json("GET", _path("datasets", dataset, "runs"))["runs"])

    def run(self, dataset: str, id: int) -> pa.Table:
        """A recorded evaluation's table, as it was."""
        return tagged(self._http.table("GET", _path("datasets", dataset, "runs", int(id))), "MetricsTable", {DATASET_KEY: dataset})

    def history(self, dataset: str, runs: Optional[Sequence[int]] = None, model: Optional[str] = None) -> pa.Table:
        """Recorded runs as one table (each row with its run), for trends; a History in a notebook."""
        query = _without_none({"runs": ",".join(str(int(run)) for run in runs) if runs else None, "model": model})
        path = _path("datasets", dataset, "history") + ("?" + urlencode(query) if query else "")
        return tagged(self._http.table("GET", path), "History", {DATASET_KEY: dataset})

    def check(
        self,
        dataset: str,
        candidate: str,
        reference: str,
        *,
        metrics: Optional[Sequence[str]] = None,
        test_cases: Optional[Sequence[str]] = None,
        fail_on: Optional[str] = None,
        confidence: Optional[float] = None,
        min_n: Optional[int] = None,
        label: Optional[str] = None,
        version: Optional[int] = None,
    ) -> CheckResult:
        """The CI gate (``slicewise check``): evaluates ``candidate`` against ``reference`` (recorded as a run) and says
        whether any gated test case regresses. ``fail_on``: "regressed" (default: a significant regression fails) or
        "any-drop"; test cases with fewer than ``min_n`` datapoints (default 30) are skipped, not passed."""
        body = _without_none(
            {
                "candidate": candidate,
                "reference": reference,
                "metrics": as_names(metrics),
                "test_cases": as_names(test_cases),
                "fail_on": fail_on,
                "confidence": confidence,
                "min_n": min_n,
                "label": label,
                "version": version,
            }
        )
        answer = self._http.json("POST", _path("datasets", dataset, "check"), body)
        evaluation = self.run(dataset, answer["run_id"])
        return CheckResult(
            passed=answer["passed"],
            candidate=answer["candidate"],
            reference=answer["reference"],
            fail_on=answer["fail_on"],
            min_n=answer["min_n"],
            run_id=answer["run_id"],
            findings=answer["findings"],
            regressions=answer["regressions"],
            skipped=answer["skipped"],
            info=answer["info"],
            evaluation=evaluation,
        )

    def report(
        self,
        dataset: str,
        models: Sequence[str],
        reference: Optional[str] = None,
        *,
        out: Optional[Union[str, "os.PathLike[str]"]] = None,
        title: Optional[str] = None,
        confidence: Optional[float] = None,
        max_samples: Optional[int] = None,
        theme: Optional[str] = None,
        history: Optional[bool] = None,
        slicer: Optional[bool] = None,
        embedding_map: Optional[bool] = None,
    ) -> Report:
        """The self-contained HTML report (tables, charts, gallery, history, slicer, and the embedding map when the
        dataset has an embedding column; no network needed to open it), written to ``out`` when given."""
        body = _without_none(
            {
                "models": as_names(models),
                "reference": reference,
                "title": title,
                "confidence": confidence,
                "max_samples": max_samples,
                "theme": theme,
                "history": history,
                "slicer": slicer,
                "embedding_map": embedding_map,
            }
        )
        payload = json.dumps(body).encode()
        _, _, data, _ = self._http.request("POST", _path("datasets", dataset, "report"), body=payload, content_type="application/json")
        html = data.decode("utf-8")
        path = None
        if out is not None:
            path = os.fspath(out)
            with open(path, "wb") as file:
                file.write(data)
        return Report(html=html, path=path, bytes=len(data))

    def static_widget(
        self, kind: str, tables: Mapping[str, Optional[pa.Table]], options: Optional[Mapping[str, Any]] = None, *, picture: bool = True
    ) -> JSON:
        """A widget's static copy ``{"html": ..., "svg": ... | None}`` (POST /widgets/{kind}/static), as the notebook's text/html.

        ``picture=False`` leaves the SVG out (``svg`` is None): a large table's picture takes the platform seconds,
        and a notebook's ``text/html`` needs only the HTML."""
        import base64

        from ._inputs import ipc_stream_bytes

        encoded = {name: None if table is None else base64.b64encode(ipc_stream_bytes(table)).decode("ascii") for name, table in tables.items()}
        body = {"tables": encoded, "options": dict(options or {}), "picture": picture}
        return self._http.json("POST", _path("widgets", kind, "static"), body)  # type: ignore[no-any-return]


_opened: "List[weakref.ReferenceType[Workspace]]" = []


def _open_workspaces() -> List[Workspace]:
    """The workspaces of this process that are still open."""
    workspaces = (reference() for reference in _opened)
    return [workspace for workspace in workspaces if workspace is not None and not workspace._closed]


def _embedded_server(data: Optional[str], start_timeout: Optional[float]) -> EmbeddedServer:
    """This process's running server over the data directory, else a new one. A notebook cell that connects
    runs again (Run All, a reload and rerun) while the workspace it made the first time still holds the store:
    a second server would find it locked, so the first one is shared."""
    wanted = os.path.abspath(os.path.expanduser(data or default_data_directory()))
    for server in running_servers():
        if server.data == wanted and server.running:
            return server
    return EmbeddedServer(data, **({"start_timeout": start_timeout} if start_timeout else {}))


def active_workspace() -> Optional[Workspace]:
    """The workspace opened last that is still open, or None: what a widget asks for its static copy
    (``Workspace.static_widget``) when it was not given a workspace of its own."""
    while _opened:
        workspace = _opened[-1]()
        if workspace is not None and not workspace._closed:
            return workspace
        _opened.pop()
    return None


def connect(
    url: Optional[str] = None,
    token: Optional[str] = None,
    *,
    data: Optional[str] = None,
    timeout: Optional[float] = None,
    start_timeout: Optional[float] = None,
) -> Workspace:
    """A workspace on a slicewise platform.

    With ``url`` (or ``SLICEWISE_URL``): that server, with ``token`` (or ``SLICEWISE_TOKEN``; a ``?token=`` in the URL
    the server printed is read too). Without: a private server for this process on a free loopback port, over the data
    directory ``data`` (or ``SLICEWISE_DATA``, or ``./.slicewise``), stopped at ``close()`` or when Python exits.
    The server is asked once here, so a wrong address or token fails now, with what to do.
    """
    register_formatter()
    url = url or os.environ.get("SLICEWISE_URL") or None
    if url:
        query = parse_qs(urlsplit(url).query)
        if token is None and query.get("token"):
            token = query["token"][0]
        token = token if token is not None else os.environ.get("SLICEWISE_TOKEN") or None
        workspace = Workspace(url.split("?")[0], token, timeout=timeout)
    else:
        server = _embedded_server(data, start_timeout)
        workspace = Workspace(server.url, server.token, timeout=timeout, server=server)
    try:
        workspace.health()
    except BaseException:
        workspace.close()
        raise
    return workspace


__all__ = ["CheckResult", "Report", "Workspace", "active_workspace", "connect", "evaluation_info"]
