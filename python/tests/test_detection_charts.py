"""Detection charts from Python: ``Workspace.detection_charts`` against a real ``slicewise serve`` on four hand-made
images (boxes uploaded as NDJSON lists), and the ``ComparisonChart`` and ``Dashboard`` that carry its table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List

import slicewise
from slicewise import ComparisonChart, Dashboard

from _slicewise_server import Server, server  # noqa: F401
from test_widgets import FakeComm, comm_of, comms  # noqa: F401


def box(x: float, y: float, label: str, score: float | None = None) -> dict:
    found = {"x_min": x, "y_min": y, "x_max": x + 10, "y_max": y + 10, "label": label}
    return found if score is None else {**found, "score": score}


# Image 1 holds a cat, image 2 a dog, image 3 two cats; "sharp" finds image 1's cat (0.9), image 2's dog (0.7) and
# one of image 3's cats (0.6), and sees a dog in image 4 that is not there (0.8).
IMAGES = [
    {"id": 1, "gt": [box(0, 0, "cat")]},
    {"id": 2, "gt": [box(0, 0, "dog")]},
    {"id": 3, "gt": [box(0, 0, "cat"), box(50, 50, "cat")]},
    {"id": 4, "gt": []},
]
SHARP = [
    {"id": 1, "pred": [box(0, 0, "cat", 0.9)]},
    {"id": 2, "pred": [box(0, 0, "dog", 0.7)]},
    {"id": 3, "pred": [box(0, 0, "cat", 0.6)]},
    {"id": 4, "pred": [box(5, 5, "dog", 0.8)]},
]


def write(path: Path, rows: List[dict]) -> str:
    """The rows as an NDJSON file: boxes as lists of objects, as a detector's export has them."""
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    return str(path)


def test_detection_charts_counts_the_hand_made_boxes_and_rides_in_the_chart_and_dashboard(
    server: Server, comms: List[FakeComm], tmp_path: Path  # noqa: F811
) -> None:
    with slicewise.connect(url=server.url, token=server.token) as sw:
        sw.upload_dataset("boxes", write(tmp_path / "images.ndjson", IMAGES), id_fields=["id"])
        sw.upload_results("boxes", "sharp", write(tmp_path / "sharp.ndjson", SHARP))
        detection = {"kind": "detection", "gt": "gt", "pred": "pred", "matching": "greedy", "iou": 0.5, "threshold": 0.5, "average": "micro"}
        sw.set_quality_standard(
            "boxes", {"stratifications": [], "test_cases": [], "metric_groups": [{"name": "d", "metrics": [{"label": "Recall", "measure": "recall", **detection}]}]}
        )
        table = sw.detection_charts("boxes", models=["sharp"], resolution=0)
        evaluation = sw.evaluate("boxes", models=["sharp"], reference="sharp")
    rows: List[Any] = table.to_pylist()
    confusion = [row for row in rows if row["chart"] == "confusion" and row["test_case"] == "all"]
    count = {(row["predicted"], row["truth"]): row["count"] for row in confusion if row["count"]}
    # Found: 2 cats, 1 dog; missed: image 3's second cat; hallucinated: image 4's dog.
    assert count[("cat", "cat")] == 2 and count[("dog", "dog")] == 1
    assert sum(value for (predicted, truth), value in count.items() if truth == "cat") == 3
    curve = [row for row in rows if row["chart"] == "pr" and row["test_case"] == "all"]
    assert max(row["recall"] for row in curve) == 3 / 4
    chart = ComparisonChart(evaluation, kind="pr", detection=table)
    assert chart.detection.num_rows == table.num_rows
    dashboard = Dashboard(evaluation, detection=table)
    opened = comm_of(dashboard).opened["data"]
    # The table travels as an Arrow buffer, as the TypeScript side sends it; no projection was given.
    assert ["detection"] in opened["buffer_paths"] and opened["state"]["projection"] is None
