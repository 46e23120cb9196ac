"""The Python client against a real ``slicewise serve``: every Workspace call, the digits parity with the
TypeScript client (every value of the evaluation table, 0 differences), the errors a user meets (wrong token,
server down, unknown names) and the notebook display hook."""

from __future__ import annotations

import math
import socket
import sys
import types
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import slicewise
from slicewise import SlicewiseError
from slicewise._results import WIDGET_KEY, register_formatter, table_mimebundle, widget_kind

from _slicewise_server import Server, digits, run_node, server, upload_digits, workspace  # noqa: F401

EVALUATION_COLUMNS = [
    "stratification",
    "test_case",
    "model",
    "metric_group",
    "metric",
    "n",
    "value",
    "ci_low",
    "ci_high",
    "delta",
    "p_value",
    "q_value",
    "verdict",
    "higher_is_better",
]


@pytest.fixture(scope="module")
def uploaded(server: Server, digits: Dict[str, Any]) -> Dict[str, Any]:
    with slicewise.connect(url=server.url, token=server.token) as sw:
        upload_digits(sw, digits)
    return digits


# The TypeScript side on its own: the digits built and uploaded by the TypeScript client into its embedded
# platform (a data directory of its own), evaluated there. Python's table comes from pandas frames uploaded
# over HTTP: the two share nothing but the code base.
_TS_EVALUATE = r"""
const { writeFileSync } = require("node:fs");
const { tableToIPC } = require("apache-arrow");
const { EmbeddedWorkspace } = require("./lib/src/client");
const { buildDigitsExample } = require("./lib/examples/digits");
const [data, options, out] = process.argv.slice(-3);
(async () => {
  const example = buildDigitsExample();
  // One DuckDB thread, as the Python side's server: sums of doubles in one order (bit-for-bit repeatable).
  const workspace = await EmbeddedWorkspace.open({ data, threads: 1 });
  await workspace.uploadDataset("digits", example.dataset, { idFields: ["image_id"], onProgress: false });
  for (const model of example.models) await workspace.uploadResults("digits", model, example.results[model], { onProgress: false });
  await workspace.setQualityStandard("digits", example.qualityStandard);
  const table = await workspace.evaluate("digits", JSON.parse(options));
  writeFileSync(out, tableToIPC(table, "stream"));
  await workspace.close();
})().catch((error) => { console.error(error); process.exit(1); });
"""


def _cells(table: pa.Table) -> List[List[Any]]:
    return [table.column(name).to_pylist() for name in table.column_names]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b) and type(a) is type(b)


@pytest.mark.parametrize("options", [{}, {"confidence": 0.9}])
def test_digits_evaluation_equals_the_typescript_clients_table(server: Server, uploaded: Dict[str, Any], tmp_path: Path, options: Dict[str, Any]) -> None:
    models, reference = uploaded["models"], uploaded["reference"]
    with slicewise.connect(url=server.url, token=server.token) as sw:
        python = sw.evaluate("digits", models, reference, **options)
    out = tmp_path / "ts.arrow"
    import json

    run_node(_TS_EVALUATE, str(tmp_path / "ts-data"), json.dumps({"models": models, "reference": reference, **options}), str(out))
    with pa.ipc.open_stream(pa.memory_map(str(out))) as reader:
        typescript = reader.read_all()

    assert isinstance(python, pa.Table)
    assert python.column_names == EVALUATION_COLUMNS == typescript.column_names
    assert python.schema.remove_metadata().equals(typescript.schema.remove_metadata())
    assert python.num_rows == typescript.num_rows > 100
    differences = [
        (name, row, a, b)
        for name, left, right in zip(python.column_names, _cells(python), _cells(typescript))
        for row, (a, b) in enumerate(zip(left, right))
        if not _same(a, b)
    ]
    assert differences == []
    assert python.remove_column(0).schema.metadata is not None
    info = slicewise.evaluation_info(python)
    assert info is not None and info["models"] == models and info["reference"] == reference and info["datapoints"] == 1797
    assert {**info, "dataset": None} == {**slicewise.evaluation_info(typescript), "dataset": None}  # type: ignore[dict-item]


def test_evaluate_answers_a_table_that_displays_as_the_metrics_table(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    table = workspace.evaluate("digits", uploaded["models"][:2])
    assert isinstance(table, pa.Table)
    assert widget_kind(table) == "MetricsTable"
    frame = table.to_pandas()
    assert list(frame.columns) == EVALUATION_COLUMNS
    assert frame.loc[0, "test_case"] == "all" and frame.loc[0, "stratification"] == "dataset"


def test_samples_take_the_typescript_clients_options(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    knn = "knn"
    page = workspace.samples("digits", [knn], where={"field": "ink", "op": "lt", "value": 280}, order_by=["ink desc", "image_id"], limit=7, offset=2)
    assert widget_kind(page) == "SampleGallery"
    assert page.num_rows == 7
    inks = page.column("ink").to_pylist()
    assert inks == sorted(inks, reverse=True) and max(inks) < 280
    assert f"{knn}.correct" in page.column_names and f"{knn}.pred" in page.column_names
    three = workspace.samples("digits", test_case="digit/3", limit=1000)
    assert set(three.column("label").to_pylist()) == {3}
    assert workspace.samples("digits", test_case=("digit", "3"), limit=1000).num_rows == three.num_rows
    members = workspace.samples("digits", limit=3, test_case_columns=True)
    assert "test_case/digit" in members.column_names


def test_datasets_are_listed_described_and_deleted(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    assert "digits" in workspace.list_datasets()
    description = workspace.describe_dataset("digits")
    assert description["id_fields"] == ["image_id"] and description["rows"] == 1797
    assert {model["model"] for model in description["models"]} == set(uploaded["models"])
    summary = workspace.upload_dataset("scratch", [{"id": 1, "x": 0.5}, {"id": 2, "x": 1.5}])
    assert summary == {"dataset": "scratch", "commit": 1, "rows": 2, "id_fields": ["id"]}
    assert workspace.delete_dataset("scratch") == {"deleted": "scratch"}
    assert "scratch" not in workspace.list_datasets()


def test_quality_standard_versions(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    latest = workspace.get_quality_standard("digits")
    first = workspace.get_quality_standard("digits", version=1)
    assert first["version"] == 1 and latest["version"] >= 1
    assert [s["field"] for s in first["stratifications"]] == [s["field"] for s in uploaded["standard"]["stratifications"]]


def test_runs_history_and_a_recorded_run(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    models = uploaded["models"]
    for label in ("build-1", "build-2"):
        recorded = workspace.evaluate("digits", models, record=True, label=label)
    info = slicewise.evaluation_info(recorded)
    assert info is not None and isinstance(info["run_id"], int)
    runs = workspace.runs("digits")
    assert runs[-1]["run_id"] == info["run_id"] and runs[-1]["label"] == "build-2"
    again = workspace.run("digits", info["run_id"])
    assert widget_kind(again) == "MetricsTable"
    assert again.remove_column(0).equals(recorded.remove_column(0))
    history = workspace.history("digits", model=models[-1])
    assert widget_kind(history) == "History"
    assert history.num_rows > 0
    assert workspace.history("digits", runs=[runs[-1]["run_id"]], model=models[-1]).num_rows < history.num_rows


def test_check_returns_passed_regressions_and_findings(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    # A candidate whose every prediction is wrong in digit 3 must fail there.
    knn = uploaded["results"]["knn"].to_pandas()
    labels = uploaded["dataset"].to_pandas().set_index("image_id")["label"]
    broken = knn.copy()
    threes = labels.loc[broken["image_id"]].to_numpy() == 3
    broken.loc[threes, "pred"] = 8
    broken.loc[threes, "correct"] = False
    workspace.upload_results("digits", "knn-broken", broken)
    result = workspace.check("digits", candidate="knn-broken", reference="knn", metrics=["Accuracy"], label="ci")
    assert result.passed is False and not result
    assert result.regressions and all(finding["status"] == "failed" for finding in result.regressions)
    assert any(finding["stratification"] == "digit" and finding["test_case"] == "3" for finding in result.regressions)
    assert len(result.findings) >= len(result.regressions)
    assert result.fail_on == "regressed" and result.min_n == 30
    assert widget_kind(result.evaluation) == "MetricsTable"
    assert result.info["run_id"] == result.run_id and result.evaluation.num_rows > 0
    assert workspace.runs("digits")[-1]["label"] == "ci"
    assert "FAILED" in result._repr_markdown_()
    same = workspace.check("digits", candidate="knn", reference="knn", fail_on="any-drop")
    assert same.passed is True and same.regressions == []


def test_report_is_written_where_asked(workspace: slicewise.Workspace, uploaded: Dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "digits.html"
    report = workspace.report("digits", uploaded["models"], out=out, title="digits in Python", max_samples=20)
    assert report.path == str(out) and out.read_bytes().decode() == report.html
    assert report.html.lower().startswith("<!doctype html>") and "digits in Python" in report.html
    assert report.bytes == out.stat().st_size
    assert "html=" not in repr(report)


def test_static_widget_copy(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    table = workspace.evaluate("digits", uploaded["models"])
    copy = workspace.static_widget("MetricsTable", {"results": table}, {"selection": []})
    assert "slicewise-static" in copy["html"] and copy["svg"].startswith("<svg")
    assert workspace.static_widget("MetricsTable", {"results": table}, {"selection": []}, picture=False) == {"html": copy["html"], "svg": None}
    with pytest.raises(SlicewiseError) as caught:
        workspace.static_widget("PieChart", {})
    assert caught.value.code == "not_found" and "MetricsTable" in caught.value.message


def test_coded_errors_from_the_server(workspace: slicewise.Workspace) -> None:
    with pytest.raises(SlicewiseError) as caught:
        workspace.evaluate("no-such-dataset", ["a"])
    assert caught.value.code == "unknown_dataset" and caught.value.status == 404
    with pytest.raises(SlicewiseError) as caught:
        workspace.evaluate("digits", ["knn"], confidence=2)
    assert caught.value.code == "bad_request" and "confidence" in caught.value.message


def test_a_wrong_token_says_how_to_pass_the_right_one(server: Server) -> None:
    with pytest.raises(SlicewiseError) as caught:
        slicewise.connect(url=server.url, token="wrong")
    assert caught.value.code == "unauthorized"
    assert "slicewise.connect(url=..., token=...)" in caught.value.message and "SLICEWISE_TOKEN" in caught.value.message
    with pytest.raises(SlicewiseError) as missing:
        slicewise.connect(url=server.url)
    assert missing.value.code == "unauthorized" and "needs a token" in missing.value.message


def test_the_token_in_the_printed_address_is_read(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLICEWISE_TOKEN", raising=False)
    with slicewise.connect(url=f"{server.url}/?token={server.token}") as sw:
        assert sw.location == server.url
        assert isinstance(sw.list_datasets(), list)
    monkeypatch.setenv("SLICEWISE_URL", server.url)
    monkeypatch.setenv("SLICEWISE_TOKEN", server.token)
    with slicewise.connect() as from_environment:
        assert from_environment.location == server.url and not from_environment.embedded


def test_a_server_that_is_down_is_named_with_how_to_start_one() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(SlicewiseError) as caught:
        slicewise.connect(url=url, token="x")
    error = caught.value
    assert error.code == "unreachable"
    assert url in error.message and "slicewise serve" in error.message and "slicewise.connect() with no URL" in error.message


def test_a_connection_idle_past_the_servers_keep_alive_is_replaced(workspace: slicewise.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import slicewise._client as client

    workspace.list_datasets()
    first = workspace._http._connection
    monkeypatch.setattr(client, "_IDLE_SECONDS", -1.0)
    workspace.list_datasets()
    assert workspace._http._connection is not first
    monkeypatch.setattr(client, "_IDLE_SECONDS", 60.0)
    kept = workspace._http._connection
    workspace.list_datasets()
    assert workspace._http._connection is kept


# -- the notebook display hook -------------------------------------------------------------------------------


class _FakeWidget:
    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Dict[str, Any]:
        return {"text/plain": f"widget of {self.table.num_rows} rows", "application/vnd.jupyter.widget-view+json": {"model_id": "m1"}}


def test_the_formatter_shows_tagged_tables_as_widgets_and_leaves_others_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from IPython.core.formatters import DisplayFormatter

    class Shell:
        display_formatter = DisplayFormatter()

    shell = Shell()
    assert register_formatter(shell) is True
    assert register_formatter(shell) is True  # once per shell
    tagged = pa.table({"x": [1, 2]}).replace_schema_metadata({WIDGET_KEY: b"MetricsTable"})
    plain = pa.table({"x": [1, 2]})

    fake = types.ModuleType("slicewise._widgets")
    calls: List[pa.Table] = []

    def widget_for_table(table: pa.Table) -> Any:
        calls.append(table)
        return _FakeWidget(table)

    fake.widget_for_table = widget_for_table  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "slicewise._widgets", fake)
    monkeypatch.setattr(slicewise, "_widgets", fake, raising=False)
    data, _ = shell.display_formatter.format(tagged)
    assert data["application/vnd.jupyter.widget-view+json"] == {"model_id": "m1"}
    assert calls == [tagged]
    data, _ = shell.display_formatter.format(plain)
    assert "application/vnd.jupyter.widget-view+json" not in data and "pyarrow.Table" in data["text/plain"]
    assert calls == [tagged]


def test_errors_pickle_with_their_code() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(SlicewiseError("unknown_dataset", "no dataset x", 404)))
    assert (error.code, error.message, error.status) == ("unknown_dataset", "no dataset x", 404)


def test_tables_name_their_dataset_and_the_last_open_workspace_is_found(server: Server, uploaded: Dict[str, Any]) -> None:
    from slicewise._client import active_workspace

    first = slicewise.connect(url=server.url, token=server.token)
    second = slicewise.connect(url=server.url, token=server.token)
    assert active_workspace() is second
    second.close()
    assert active_workspace() is first
    table = first.evaluate("digits", uploaded["models"][:2])
    assert table.schema.metadata[b"slicewise.dataset"] == b"digits"
    assert first.samples("digits", limit=1).schema.metadata[b"slicewise.dataset"] == b"digits"
    first.close()
    assert active_workspace() is None or active_workspace() not in (first, second)


def test_the_slicers_table_carries_its_options(workspace: slicewise.Workspace, uploaded: Dict[str, Any]) -> None:
    from slicewise._results import widget_options

    table = workspace.slicer("digits", ["nearest-centroid", "knn"], "nearest-centroid", limit=500)
    assert widget_kind(table) == "Slicer" and table.num_rows == 500
    assert "knn.correct" in table.column_names
    options = widget_options(table)
    assert options["dataset"] == "digits" and options["models"] == ["nearest-centroid", "knn"] and options["reference"] == "nearest-centroid"
    assert options["idFields"] == ["image_id"]
    assert [group["name"] for group in options["standard"]["metric_groups"]] == [group["name"] for group in uploaded["standard"]["metric_groups"]]
    assert widget_options(pa.table({"x": [1]})) == {}


def test_extract_properties_measures_the_digit_images_into_a_new_commit(server: Server, digits: Dict[str, Any]) -> None:
    with slicewise.connect(url=server.url, token=server.token) as sw:
        sw.upload_dataset("digits-properties", digits["dataset"].to_pandas(), id_fields=["image_id"])
        summary = sw.extract_properties("digits-properties", image="image")
        assert summary["commit"] == 2 and summary["rows"] == 1797 and summary["bad_images"] == 0
        assert "property.brightness" in summary["columns"] and "property.sharpness" in summary["columns"]
        back = sw.samples("digits-properties", limit=5, order_by="image_id").to_pandas()
        # Each digit's PNG is its 8×8 pixels scaled ×4 (examples/digits/png.ts): 32 × 32 pixels.
        assert back["property.width"].tolist() == [32] * 5 and back["property.height"].tolist() == [32] * 5
        assert all(0 <= value <= 1 for value in back["property.brightness"])
        with pytest.raises(SlicewiseError) as refused:
            sw.extract_properties("digits-properties")
        assert refused.value.code == "bad_request"


def test_discover_slices_finds_a_planted_cluster_and_its_ids_save_as_a_test_case(server: Server) -> None:
    rng = np.random.default_rng(7)
    rows = 600
    label = np.repeat([0, 1, 2], rows // 3)
    embedding = rng.normal(0, 1, (rows, 8))
    planted = np.zeros(rows, dtype=bool)
    planted[np.flatnonzero(label == 1)[:40]] = True  # 40 of class 1's 200 rows, far from the rest
    embedding[planted] += 12
    correct = np.where(planted, rng.random(rows) > 0.6, rng.random(rows) > 0.05)
    ids = np.arange(rows) * 10 + 3
    with slicewise.connect(url=server.url, token=server.token) as sw:
        sw.upload_dataset("planted", pd.DataFrame({"id": ids, "label": label.astype(str), "embedding": list(embedding)}), id_fields=["id"])
        sw.upload_results("planted", "model", pd.DataFrame({"id": ids, "correct": correct}))
        found = sw.discover_slices("planted", embedding="embedding", per="label", models=["model"], seed=1)
        first = found[0]
        assert first["class"] == "1" and first["q_value"] < 1e-6
        assert set(first["ids"]) >= set(ids[planted][:30].tolist())
        sw.set_quality_standard(
            "planted",
            {
                "stratifications": [],
                "test_cases": [{"name": "found", "ids": first["ids"]}],
                "metric_groups": [{"name": "q", "metrics": [{"label": "Accuracy", "kind": "mean", "field": "correct", "higher_is_better": True}]}],
            },
        )
        table = sw.evaluate("planted", models=["model"], reference="model").to_pandas()
        row = table[table["test_case"] == "found"].iloc[0]
        assert row["n"] == len(first["ids"]) and abs(row["value"] - (1 - first["error"])) < 1e-12


def test_a_large_id_test_case_is_read_by_reference_and_kept_when_set_back(server: Server) -> None:
    # 3,000 datapoints; the test case lists the 1,500 even ids (more than the 1,000 a standard lists inline),
    # the model is right on every multiple of 4: 750 of the 1,500.
    ids = np.arange(3000)
    evens = [int(i) for i in ids[ids % 2 == 0]]
    with slicewise.connect(url=server.url, token=server.token) as sw:
        sw.upload_dataset("chosen-ids", pd.DataFrame({"id": ids}), id_fields=["id"])
        sw.upload_results("chosen-ids", "model", pd.DataFrame({"id": ids, "correct": ids % 4 == 0}))
        saved = sw.set_quality_standard(
            "chosen-ids",
            {
                "stratifications": [],
                "test_cases": [{"name": "evens", "ids": evens}, {"name": "few", "ids": [0, 1, 2]}],
                "metric_groups": [{"name": "q", "metrics": [{"label": "Accuracy", "kind": "mean", "field": "correct", "higher_is_better": True}]}],
            },
        )
        read = sw.get_quality_standard("chosen-ids")
        assert read["test_cases"] == [
            {"name": "evens", "ids": None, "id_count": 1500, "ids_of": {"version": saved["version"], "test_case": "evens"}},
            {"name": "few", "ids": [0, 1, 2]},
        ]
        assert sw.get_quality_standard("chosen-ids", ids="all")["test_cases"][0] == {"name": "evens", "ids": evens}
        again = sw.set_quality_standard("chosen-ids", read)
        assert again["version"] == saved["version"] + 1
        table = sw.evaluate("chosen-ids", models=["model"], reference="model").to_pandas()
        row = table[table["test_case"] == "evens"].iloc[0]
        assert (row["n"], row["value"]) == (1500, 0.5)
        assert sw.get_quality_standard("chosen-ids", ids="all")["test_cases"][0]["ids"] == evens
