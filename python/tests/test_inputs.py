"""What uploads take: pandas and polars frames, pyarrow tables and readers, row dicts and files, read back equal
from the platform; columns it cannot store refused by name before a byte is sent; and a large frame streamed
a batch at a time, never copied whole."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet
import pytest

import slicewise
from slicewise import SlicewiseError
from slicewise._inputs import CONTENT_TYPES, upload_body, wire_schema

from _slicewise_server import Server, server, workspace  # noqa: F401


def _frame(n: int = 50) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "id": np.arange(n, dtype=np.int64),
            "score": rng.random(n),
            "small": rng.integers(0, 100, n).astype(np.int16),
            "flag": rng.random(n) > 0.5,
            "name": [f"row {i}" for i in range(n)],
            "maybe": pd.array([None if i % 7 == 0 else i for i in range(n)], dtype="Int64"),
            "kind": pd.Categorical(rng.choice(["cat", "dog"], n)),
            "level": pd.Categorical(rng.choice([1, 2, 3], n)),
            "when": pd.date_range("2024-01-01", periods=n, freq="h"),
            "blob": [bytes([i % 256]) * 3 for i in range(n)],
            "tags": [[float(i), float(i) / 2] for i in range(n)],
        }
    )


def test_a_pandas_frame_round_trips(workspace: slicewise.Workspace) -> None:
    frame = _frame()
    summary = workspace.upload_dataset("pandas-types", frame, id_fields=["id"])
    assert summary["rows"] == len(frame) and summary["id_fields"] == ["id"]
    back = workspace.samples("pandas-types", limit=1000, order_by="id").to_pandas()
    assert back["id"].tolist() == frame["id"].tolist()
    assert back["score"].tolist() == frame["score"].tolist()
    assert back["small"].tolist() == frame["small"].tolist()
    assert back["flag"].tolist() == frame["flag"].tolist()
    assert back["name"].tolist() == frame["name"].tolist()
    assert [None if pd.isna(v) else int(v) for v in back["maybe"]] == [None if pd.isna(v) else int(v) for v in frame["maybe"]]
    assert back["kind"].tolist() == frame["kind"].astype(str).tolist()
    assert back["level"].tolist() == frame["level"].astype(int).tolist()
    assert [pd.Timestamp(v) for v in back["when"]] == list(frame["when"])
    assert back["blob"].tolist() == frame["blob"].tolist()
    # Lists are stored as DuckDB lists (src/platform/store/appendArrow.ts) and come back from samples as JSON text.
    assert [json.loads(v) for v in back["tags"]] == frame["tags"].tolist()
    columns = {column["name"]: column["type"] for column in workspace.describe_dataset("pandas-types")["columns"]}
    assert columns["small"] == "SMALLINT" and columns["flag"] == "BOOLEAN" and columns["score"] == "DOUBLE" and columns["kind"] == "VARCHAR"


def test_a_named_index_is_uploaded_as_a_column(workspace: slicewise.Workspace) -> None:
    frame = pd.DataFrame({"image_id": [10, 11, 12], "x": [1.0, 2.0, 3.0]}).set_index("image_id")
    assert workspace.upload_dataset("indexed", frame)["id_fields"] == ["image_id"]
    plain = pd.DataFrame({"id": [1, 2]}, index=[5, 6])
    workspace.upload_dataset("unindexed", plain)
    assert [column["name"] for column in workspace.describe_dataset("unindexed")["columns"]] == ["id"]


def test_polars_pyarrow_readers_rows_and_columns(workspace: slicewise.Workspace) -> None:
    polars_frame = pl.DataFrame({"id": [1, 2, 3], "label": ["a", "b", "a"], "p": [0.1, 0.2, 0.3]})
    assert workspace.upload_dataset("polars", polars_frame)["rows"] == 3
    assert workspace.upload_dataset("polars-lazy", polars_frame.lazy())["rows"] == 3
    table = pa.table({"id": pa.array([1, 2, 3], pa.int32()), "label": pa.array(["a", "b", "a"], pa.string_view()), "h": pa.array([1, 2, 3], pa.float16())})
    assert workspace.upload_dataset("arrow", table)["rows"] == 3
    back = workspace.samples("arrow", order_by="id")
    assert back.column("label").to_pylist() == ["a", "b", "a"] and back.column("h").to_pylist() == [1.0, 2.0, 3.0]
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=1))
    assert workspace.upload_dataset("reader", reader)["rows"] == 3
    assert workspace.upload_dataset("batch", table.to_batches()[0])["rows"] == 3
    assert workspace.upload_dataset("rows", [{"id": 1, "x": "a"}, {"id": 2, "x": "b"}])["rows"] == 2
    assert workspace.upload_dataset("columns", {"id": [1, 2], "x": ["a", "b"]})["rows"] == 2
    # Results go the same way.
    assert workspace.upload_results("polars", "m", pl.DataFrame({"id": [1, 2, 3], "correct": [True, False, True]}))["model"] == "m"


@pytest.mark.parametrize("ending", ["csv", "ndjson", "parquet", "arrow", "feather"])
def test_files_are_sent_as_their_bytes(workspace: slicewise.Workspace, tmp_path: Path, ending: str) -> None:
    table = pa.table({"id": [1, 2, 3], "label": ["a", "b", "c"], "x": [0.5, 1.5, 2.5]})
    path = tmp_path / f"rows.{ending}"
    if ending == "csv":
        pyarrow.csv.write_csv(table, path)
    elif ending == "ndjson":
        path.write_text("".join(json.dumps(row) + "\n" for row in table.to_pylist()))
    elif ending == "parquet":
        pyarrow.parquet.write_table(table, path)
    elif ending == "arrow":
        with pa.ipc.new_stream(str(path), table.schema) as writer:
            writer.write_table(table)
    else:
        with pa.ipc.new_file(str(path), table.schema) as writer:
            writer.write_table(table)
    body = upload_body(str(path))
    assert body.size == path.stat().st_size
    assert body.content_type == CONTENT_TYPES["arrow" if ending == "feather" else ending]
    assert workspace.upload_dataset(f"file-{ending}", path)["rows"] == 3
    assert workspace.samples(f"file-{ending}", order_by="id").column("label").to_pylist() == ["a", "b", "c"]


def test_paths_the_platform_cannot_read_are_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(SlicewiseError) as unknown:
        upload_body(str(tmp_path / "rows.xlsx"))
    assert unknown.value.code == "unsupported_content_type" and ".parquet" in unknown.value.message
    with pytest.raises(SlicewiseError) as missing:
        upload_body(str(tmp_path / "absent.csv"))
    assert missing.value.code == "bad_request" and "absent.csv" in missing.value.message
    with pytest.raises(SlicewiseError) as other:
        upload_body(42)
    assert other.value.code == "bad_request" and "pandas" in other.value.message


# -- unsupported columns: refused by name before anything is sent -----------------------------------------------


def _refused(data: Any) -> SlicewiseError:
    with pytest.raises(SlicewiseError) as caught:
        upload_body(data)
    assert caught.value.code == "unsupported_column"
    return caught.value


def test_a_mixed_object_column_is_named_with_its_types() -> None:
    error = _refused(pd.DataFrame({"id": [1, 2, 3], "mixed": pd.Series([1, "two", 3.0], dtype=object)}))
    assert '"mixed"' in error.message and "int" in error.message and "str" in error.message
    assert "astype(str)" in error.message and "nothing was sent" in error.message


def test_python_objects_decimals_and_durations_are_refused_with_a_fix() -> None:
    class Thing:
        pass

    error = _refused(pd.DataFrame({"id": [1, 2], "thing": [Thing(), Thing()]}))
    assert '"thing"' in error.message and "Thing" in error.message
    error = _refused(pd.DataFrame({"id": [1, 2], "price": [decimal.Decimal("1.5"), decimal.Decimal("2.5")]}))
    assert '"price"' in error.message and "float" in error.message
    error = _refused(pd.DataFrame({"id": [1, 2], "took": pd.to_timedelta([1, 2], unit="s")}))
    assert '"took"' in error.message and "total_seconds" in error.message
    error = _refused(pa.table({"id": [1], "at": pa.array([dt.time(12, 0)], pa.time64("us"))}))
    assert '"at"' in error.message
    with pytest.raises(SlicewiseError) as caught:
        upload_body(pd.DataFrame([[1, 2]], columns=["a", "a"]))
    assert "more than once" in caught.value.message


def test_nothing_reaches_the_server_when_a_column_is_refused(workspace: slicewise.Workspace) -> None:
    with pytest.raises(SlicewiseError):
        workspace.upload_dataset("refused", pd.DataFrame({"id": [1, 2], "mixed": pd.Series([1, "x"], dtype=object)}))
    assert "refused" not in workspace.list_datasets()


def test_an_upload_that_fails_midway_stores_nothing_and_the_workspace_goes_on(workspace: slicewise.Workspace) -> None:
    schema = pa.schema([("id", pa.int64())])

    def batches() -> Iterator[pa.RecordBatch]:
        yield pa.record_batch([pa.array(range(1000))], schema=schema)
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        workspace.upload_dataset("half", pa.RecordBatchReader.from_batches(schema, batches()))
    assert "half" not in workspace.list_datasets()
    assert workspace.upload_dataset("whole", pa.table({"id": [1, 2]}))["rows"] == 2


def test_an_upload_beyond_the_servers_limit_is_refused_with_its_code(tmp_path: Path) -> None:
    small = Server(tmp_path / "data", arguments=["--max-upload-mb", "1"])
    try:
        with slicewise.connect(url=small.url, token=small.token) as sw:
            frame = pd.DataFrame({"id": np.arange(400_000), "x": np.zeros(400_000)})
            with pytest.raises(SlicewiseError) as caught:
                sw.upload_dataset("too-big", frame)
            assert caught.value.code == "payload_too_large" and caught.value.status == 413
            assert sw.list_datasets() == []
            assert sw.upload_dataset("fits", frame.head(1000))["rows"] == 1000
    finally:
        small.stop()


# -- large frames stream ---------------------------------------------------------------------------------------


def test_a_10m_row_frame_is_converted_a_batch_at_a_time() -> None:
    rows = 10_000_000
    frame = pd.DataFrame({"id": np.arange(rows, dtype=np.int64), "score": np.zeros(rows)})
    frame_bytes = int(frame.memory_usage(index=False).sum())
    before = pa.total_allocated_bytes()
    body = upload_body(frame, batch_rows=65_536)
    assert body.rows == rows and body.content_type == CONTENT_TYPES["arrow"]
    # Nothing converted until the body is read: the schema first, then one batch per chunk asked for.
    schema_chunk = next(body.chunks)
    assert sum(len(piece) for piece in schema_chunk) < 1_000
    sizes = [sum(len(piece) for piece in next(body.chunks)) for _ in range(3)]
    assert all(65_536 * 16 <= size < 65_536 * 16 + 4_096 for size in sizes)
    # What Arrow holds meanwhile is a few batches, not a second copy of the frame.
    assert pa.total_allocated_bytes() - before < frame_bytes / 20
    body.chunks.close()  # type: ignore[attr-defined]


def test_the_wire_schema_keeps_what_the_platform_stores_and_converts_the_rest() -> None:
    schema = pa.schema(
        [
            ("a", pa.int8()),
            ("b", pa.large_string()),
            ("c", pa.string_view()),
            ("d", pa.dictionary(pa.int8(), pa.string())),
            ("e", pa.dictionary(pa.int8(), pa.int64())),
            ("f", pa.large_list(pa.float32())),
            ("g", pa.timestamp("ns", tz="UTC")),
            ("h", pa.float16()),
        ]
    )
    wire = wire_schema(schema)
    assert [str(field.type) for field in wire] == [
        "int8",
        "large_string",
        "large_string",
        "dictionary<values=string, indices=int8, ordered=0>",
        "int64",
        "list<item: float>",
        "timestamp[ns, tz=UTC]",
        "float",
    ]


def test_object_detection_boxes_upload_from_pandas_and_a_bad_box_is_named(workspace: slicewise.Workspace) -> None:
    frame = pd.DataFrame(
        {
            "image_id": [1, 2, 3],
            # COCO's x, y, w, h with iscrowd, corners, no objects: stored as corners (docs/detection.md).
            "gt": [
                [{"x": 1.0, "y": 2.0, "w": 3.0, "h": 4.0, "label": "cat", "iscrowd": 1}],
                [{"x_min": 5.0, "y_min": 6.0, "x_max": 7.0, "y_max": 8.0, "label": "dog"}],
                [],
            ],
        }
    )
    workspace.upload_dataset("py-boxes", frame, id_fields=["image_id"])
    back = workspace.samples("py-boxes", limit=10, order_by="image_id").to_pandas()
    assert [json.loads(v) for v in back["gt"]] == [
        [{"x_min": 1, "y_min": 2, "x_max": 4, "y_max": 6, "label": "cat", "score": None, "ignore": True}],
        [{"x_min": 5, "y_min": 6, "x_max": 7, "y_max": 8, "label": "dog", "score": None, "ignore": False}],
        [],
    ]
    bad = pd.DataFrame({"image_id": [7, 8], "gt": [[], [{"x_min": 9.0, "y_min": 0.0, "x_max": 1.0, "y_max": 1.0, "label": "a"}]]})
    with pytest.raises(SlicewiseError) as refused:
        workspace.upload_dataset("py-bad-boxes", bad, id_fields=["image_id"])
    assert refused.value.code == "invalid_box"
    assert "row 2 (image_id 8)" in str(refused.value) and "x_max (1.0) is less than x_min (9.0)" in str(refused.value)
    assert "py-bad-boxes" not in [entry if isinstance(entry, str) else entry["name"] for entry in workspace.list_datasets()]
