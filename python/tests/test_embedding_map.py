"""The embedding map from Python: ``Workspace.project_embedding`` against a real ``slicewise serve`` on the digits,
``EmbeddingMap.from_workspace`` (the projection beside the samples' columns, as the TypeScript ``sw.embeddingMap``
builds it), saving the chosen samples as an id-set test case through the kernel, and the report's map."""

from __future__ import annotations

from typing import Any, Dict, List

import pyarrow as pa
import pytest

import slicewise
from slicewise import EmbeddingMap
from slicewise._results import widget_kind
from slicewise._widgets import with_sample_columns

from _slicewise_server import Server, digits, server, upload_digits  # noqa: F401
from test_widgets import FakeComm, StandardStore, comm_of, comms  # noqa: F401


@pytest.fixture(scope="module")
def mapped(server: Server, digits: Dict[str, Any]) -> Dict[str, Any]:  # noqa: F811
    with slicewise.connect(url=server.url, token=server.token) as sw:
        upload_digits(sw, digits, name="digits-map")
    return digits


def test_project_embedding_maps_every_digit_with_each_models_correctness(server: Server, mapped: Dict[str, Any]) -> None:  # noqa: F811
    with slicewise.connect(url=server.url, token=server.token) as sw:
        table = sw.project_embedding("digits-map", embedding="embedding", models=["knn", "logistic"], label="label", clusters=True)
    assert widget_kind(table) == "EmbeddingMap"
    assert table.num_rows == 1797
    assert table.column_names == ["image_id", "label", "x", "y", "knn.correct", "logistic.correct", "cluster"]
    assert table.schema.field("x").type == pa.float32() and table.schema.field("cluster").type == pa.int32()
    assert table.column("image_id").to_pylist() == list(range(1797))
    # Each model's correctness is its uploaded `correct`, row for row.
    for model in ("knn", "logistic"):
        assert table.column(f"{model}.correct").to_pylist() == mapped["results"][model].column("correct").to_pylist()


def test_from_workspace_puts_each_points_image_beside_it_and_saves_a_click_as_an_id_set(
    server: Server, mapped: Dict[str, Any], comms: List[FakeComm]  # noqa: F811
) -> None:
    with slicewise.connect(url=server.url, token=server.token) as sw:
        widget = EmbeddingMap.from_workspace(sw, "digits-map", ["nearest-centroid", "knn"], label="label", neighbors=12)
        table = widget.samples
        assert table.num_rows == 1797
        assert {"x", "y", "cluster", "embedding", "image", "knn.pred", "nearest-centroid.correct"} <= set(table.column_names)
        assert table.schema.field("embedding").type == pa.list_(pa.field("item", pa.float32(), nullable=False), 64)
        # Row 5 is image 5: its PNG and its pixels / 16 as the dataset has them.
        assert table.column("image")[5].as_py() == mapped["dataset"].column("image")[5].as_py()
        assert table.column("embedding")[5].as_py() == mapped["dataset"].column("embedding")[5].as_py()
        assert widget.options == {"dataset": "digits-map", "idFields": ["image_id"], "neighbors": 12, "saveThroughKernel": True}
        # The page's save of a click and its neighbours, as the view sends it.
        ids = [5, 17, 42]
        message = {"type": "save_slices", "request": "r1", "dataset": "digits-map", "addition": {"test_cases": [{"name": "like 5", "ids": ids}]}}
        comm_of(widget).deliver({"method": "custom", "content": message})
        answer = comm_of(widget).methods("custom")[-1]["content"]
        assert answer["type"] == "save_slices_result" and answer["added"] == 1
        evaluation = sw.evaluate("digits-map", models=["knn"], reference="knn").to_pandas()
        row = evaluation[(evaluation["test_case"] == "like 5") & (evaluation["metric"] == "Accuracy")].iloc[0]
        assert row["n"] == 3


def test_with_sample_columns_gathers_by_id_when_the_orders_differ() -> None:
    projection = pa.table({"id": [12, 10, 99], "x": pa.array([1, 2, 3], pa.float32())})
    samples = pa.table({"id": [10, 11, 12], "x": [0.0, 0.0, 0.0], "label": ["a", "b", "c"]})
    joined = with_sample_columns(projection, samples, ["id"])
    # x stays the projection's; label is gathered by id, null where the point has no sample.
    assert joined.to_pydict() == {"id": [12, 10, 99], "x": [1.0, 2.0, 3.0], "label": ["c", "a", None]}
    aligned = with_sample_columns(samples.select(["id"]), samples, ["id"])
    assert aligned.column("label").to_pylist() == ["a", "b", "c"]


def test_from_workspace_asks_the_workspace_what_the_typescript_workspace_asks(comms: List[FakeComm]) -> None:  # noqa: F811
    class Platform(StandardStore):
        asked: List[Any] = []

        def project_embedding(self, dataset: str, **options: Any) -> pa.Table:
            self.asked.append(("project_embedding", dataset, options))
            return pa.table({"image_id": [11, 10], "x": pa.array([0, 1], pa.float32()), "y": pa.array([1, 0], pa.float32())})

        def describe_dataset(self, name: str) -> Dict[str, Any]:
            return {"name": name, "id_fields": ["image_id"]}

        def samples(self, dataset: str, **options: Any) -> pa.Table:
            self.asked.append(("samples", dataset, options))
            return pa.table({"image_id": [10, 11], "label": ["3", "5"]})

    platform = Platform()
    widget = EmbeddingMap.from_workspace(platform, "digits", ["a"], embedding="pixels")
    assert platform.asked == [
        ("project_embedding", "digits", {"embedding": "pixels", "models": ["a"], "label": None, "fields": None, "clusters": False, "include_embedding": True, "seed": None}),
        ("samples", "digits", {"models": ["a"], "limit": 2, "order_by": ["image_id"]}),
    ]
    assert widget.samples.column("label").to_pylist() == ["5", "3"]
    comm_of(widget).deliver({"method": "custom", "content": {"type": "save_slices", "request": "r", "dataset": "digits", "addition": {"test_cases": [{"name": "p", "ids": [11]}]}}})
    assert platform.versions[-1]["test_cases"][-1] == {"name": "p", "ids": [11]}


def test_the_report_carries_the_map_unless_asked_not_to(server: Server, mapped: Dict[str, Any]) -> None:  # noqa: F811
    with slicewise.connect(url=server.url, token=server.token) as sw:
        with_map = sw.report("digits-map", models=["nearest-centroid", "knn"], max_samples=100)
        without = sw.report("digits-map", models=["nearest-centroid", "knn"], max_samples=100, embedding_map=False)
    assert "<dt>embedding map</dt><dd>embedding, 1,797 points" in with_map.html
    assert '"projection":"' in with_map.html
    assert "<dt>embedding map</dt>" not in without.html and '"projection":"' not in without.html
