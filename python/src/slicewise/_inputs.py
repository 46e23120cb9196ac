"""What ``upload_dataset`` / ``upload_results`` take, turned into an HTTP body the platform reads.

DataFrames (pandas, polars), pyarrow Tables, RecordBatches and RecordBatchReaders travel as one Arrow IPC
*stream*, written batch by batch while the socket drains: a 10M-row frame is converted a slice at a time
(``from_pandas`` per slice), never copied whole into a second buffer. Files (.csv, .ndjson, .parquet, .arrow)
are sent as their bytes with the content type the platform reads them by.

Every column's type is settled before the first byte is sent, so a column the platform cannot store (a pandas
object column mixing ints and strings, Python objects, decimals, durations …) fails here with its name and
type, not halfway through an upload.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, List, Optional, Sequence, Union

import pyarrow as pa

from ._errors import SlicewiseError

#: Rows per record batch: large enough that per-batch costs vanish, small enough to bound memory.
DEFAULT_BATCH_ROWS = 65_536

#: The media types of the platform's upload routes (src/platform/store/loadSource.ts).
CONTENT_TYPES = {
    "arrow": "application/vnd.apache.arrow.stream",
    "csv": "text/csv",
    "ndjson": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}

_EXTENSIONS = {
    ".csv": "csv",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arrow": "arrow",
    ".arrows": "arrow",
    ".feather": "arrow",
    ".ipc": "arrow",
}

#: A piece of the body as the IPC writer produced it (bytes, or a pyarrow Buffer sent without a copy).
Piece = Union[bytes, memoryview, pa.Buffer]


@dataclass
class UploadBody:
    """An upload as the client sends it: a content type and the body, produced lazily in chunks."""

    content_type: str
    #: Each item is one chunk of the body (a list of pieces sent back to back); produced on demand.
    chunks: Iterator[List[Piece]]
    #: Rows to send, when known beforehand (progress); None for files and readers.
    rows: Optional[int]
    #: Bytes to send, when known beforehand (files).
    size: Optional[int] = None


def upload_body(data: Any, *, batch_rows: int = DEFAULT_BATCH_ROWS) -> UploadBody:
    """Turns what a user passes into a body; raises ``SlicewiseError`` before anything is sent if it cannot be."""
    if isinstance(data, (str, os.PathLike)):
        return _file_body(os.fspath(data))
    if isinstance(data, pa.Table):
        schema = wire_schema(data.schema)
        return UploadBody(CONTENT_TYPES["arrow"], _ipc_chunks(schema, data.to_batches(max_chunksize=batch_rows)), data.num_rows)
    if isinstance(data, pa.RecordBatch):
        return upload_body(pa.Table.from_batches([data]), batch_rows=batch_rows)
    if isinstance(data, pa.RecordBatchReader):
        schema = wire_schema(data.schema)
        return UploadBody(CONTENT_TYPES["arrow"], _ipc_chunks(schema, iter(data)), None)
    module = type(data).__module__.split(".")[0]
    if module == "pandas" and type(data).__name__ == "DataFrame":
        return _pandas_body(data, batch_rows)
    if module == "polars" and type(data).__name__ in ("DataFrame", "LazyFrame"):
        frame = data.collect() if type(data).__name__ == "LazyFrame" else data
        return upload_body(frame.to_arrow(), batch_rows=batch_rows)
    if isinstance(data, list) and all(isinstance(row, dict) for row in data):
        if not data:
            raise SlicewiseError("empty_body", "there are no rows to upload; pass a non-empty DataFrame, table or list of rows")
        return upload_body(_checked(lambda: pa.Table.from_pylist(data), "the rows"), batch_rows=batch_rows)
    if isinstance(data, dict):
        return upload_body(_checked(lambda: pa.table(data), "the columns"), batch_rows=batch_rows)
    raise SlicewiseError(
        "bad_request",
        f"cannot upload a {type(data).__module__}.{type(data).__name__}; pass a pandas or polars DataFrame, a pyarrow Table, "
        "RecordBatch or RecordBatchReader, a list of row dicts, or the path of a .csv, .ndjson, .parquet or .arrow file",
    )


def _checked(build: Callable[[], pa.Table], what: str) -> pa.Table:
    try:
        return build()
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise SlicewiseError("unsupported_column", f"{what} cannot be read as Arrow columns ({error}); give each column one type") from error


# -- files ---------------------------------------------------------------------------------------------


def _file_body(path: str) -> UploadBody:
    lower = path.lower()
    ending = next((ext for ext in _EXTENSIONS if lower.endswith(ext)), None)
    if ending is None:
        raise SlicewiseError(
            "unsupported_content_type",
            f'cannot tell the format of "{path}" from its name; the platform reads .csv, .ndjson (.jsonl), .parquet and .arrow (.feather) '
            "files — rename it, or read it with pandas/pyarrow and pass the frame",
        )
    if not os.path.isfile(path):
        raise SlicewiseError("bad_request", f'there is no file "{path}" (from {os.getcwd()}); pass an existing path, or a DataFrame')
    size = os.path.getsize(path)
    if size == 0:
        raise SlicewiseError("empty_body", f'"{path}" is empty; there are no rows to upload')
    return UploadBody(CONTENT_TYPES[_EXTENSIONS[ending]], _file_chunks(path), None, size)


def _file_chunks(path: str, chunk_bytes: int = 1 << 20) -> Iterator[List[Piece]]:
    with open(path, "rb") as file:
        while True:
            chunk = file.read(chunk_bytes)
            if not chunk:
                return
            yield [chunk]


# -- Arrow types the platform stores --------------------------------------------------------------------


def _hint(type_: pa.DataType) -> str:
    if pa.types.is_decimal(type_):
        return "convert it to float (pandas: .astype(float); pyarrow: .cast(pa.float64()))"
    if pa.types.is_duration(type_) or pa.types.is_time(type_) or pa.types.is_interval(type_):
        return "convert it to a number of seconds (pandas: .dt.total_seconds()) or to a string"
    return "convert it to a number, string, boolean, binary, timestamp or list column"


def wire_type(name: str, type_: pa.DataType) -> pa.DataType:
    """The type a column is sent as: itself, a lossless equivalent the platform reads, or an error that says what to do.

    The platform stores ints, floats, booleans, strings, binaries, dictionaries of strings, timestamps, dates,
    and nested values (lists, structs, maps) as JSON (src/platform/store/appendArrow.ts).
    """
    t = pa.types
    if t.is_integer(type_) or t.is_float32(type_) or t.is_float64(type_) or t.is_boolean(type_) or t.is_null(type_):
        return type_
    if t.is_float16(type_):
        return pa.float32()
    if t.is_string(type_) or t.is_large_string(type_) or t.is_binary(type_) or t.is_large_binary(type_):
        return type_
    if getattr(t, "is_string_view", lambda _: False)(type_):
        return pa.large_string()
    if getattr(t, "is_binary_view", lambda _: False)(type_) or t.is_fixed_size_binary(type_):
        return pa.large_binary()
    if t.is_timestamp(type_) or t.is_date(type_):
        return type_
    if t.is_dictionary(type_):
        values = type_.value_type
        if t.is_string(values) or t.is_large_string(values):
            return type_
        # A categorical of numbers (or of anything else) is sent as its values.
        return wire_type(name, values)
    if t.is_large_list(type_):
        return pa.list_(type_.value_type)
    if t.is_list(type_) or t.is_fixed_size_list(type_) or t.is_struct(type_) or t.is_map(type_):
        return type_
    if getattr(t, "is_list_view", lambda _: False)(type_) or getattr(t, "is_large_list_view", lambda _: False)(type_):
        return pa.list_(type_.value_type)
    raise SlicewiseError(
        "unsupported_column",
        f'column "{name}" has the Arrow type {type_}, which slicewise cannot store; {_hint(type_)}; nothing was sent',
    )


def wire_schema(schema: pa.Schema) -> pa.Schema:
    """The schema a stream is sent with: every field's wire type, names as strings, no pandas metadata."""
    names = [field.name for field in schema]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise SlicewiseError("bad_request", f"the columns {', '.join(repr(d) for d in duplicates)} appear more than once; rename them before uploading")
    return pa.schema([pa.field(field.name, wire_type(field.name, field.type), field.nullable) for field in schema])


def _conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """Casts a batch's columns to the wire schema where they differ (lossless: string views, half floats …)."""
    if batch.schema.equals(schema):
        return batch
    columns = []
    for column, field in zip(batch.columns, schema):
        if column.type != field.type:
            if pa.types.is_dictionary(column.type) and not pa.types.is_dictionary(field.type):
                column = column.dictionary_decode()
            column = column.cast(field.type) if column.type != field.type else column
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=schema)


# -- the IPC stream, written as the socket drains ---------------------------------------------------------


class _Pieces:
    """A file-like sink for pyarrow's IPC writer that keeps what it is given (Buffers without a copy)."""

    closed = False

    def __init__(self) -> None:
        self.pieces: List[Piece] = []

    def write(self, data: Piece) -> int:
        self.pieces.append(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> List[Piece]:
        pieces, self.pieces = self.pieces, []
        return pieces


def _ipc_chunks(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[List[Piece]]:
    """The IPC stream as chunks: the schema, then one chunk per batch, each produced only when asked for."""
    sink = _Pieces()
    writer = pa.ipc.new_stream(sink, schema)
    yield sink.take()
    for batch in batches:
        if batch.num_rows == 0:
            continue
        writer.write_batch(_conform(batch, schema))
        yield sink.take()
    writer.close()
    yield sink.take()


# -- pandas ---------------------------------------------------------------------------------------------


def _python_types(series: Any) -> str:
    seen: dict[str, int] = {}
    for value in series.dropna():
        name = type(value).__name__
        seen[name] = seen.get(name, 0) + 1
    return ", ".join(f"{name} ({count:,})" for name, count in sorted(seen.items(), key=lambda item: -item[1]))


_OBJECT_KINDS = {
    "string": pa.string(),
    "empty": pa.string(),
    "bytes": pa.binary(),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
    "floating": pa.float64(),
    "mixed-integer-float": pa.float64(),
}


def _object_column_type(name: str, series: Any) -> pa.DataType:
    """The Arrow type of a pandas object column, decided over the whole column before anything is sent."""
    import pandas as pd

    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind in _OBJECT_KINDS:
        return _OBJECT_KINDS[kind]
    if kind == "mixed-integer":
        raise SlicewiseError(
            "unsupported_column",
            f'column "{name}" (pandas dtype object) holds values of mixed Python types: {_python_types(series)}; '
            f"give it one type, e.g. df[{name!r}].astype(str); nothing was sent",
        )
    if kind in ("mixed", "unknown-array", "datetime", "date", "decimal"):
        # Lists (embeddings), dicts (boxes), datetimes, decimals: what pyarrow makes of the whole column.
        try:
            type_ = pa.Array.from_pandas(series).type
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as error:
            raise SlicewiseError(
                "unsupported_column",
                f'column "{name}" (pandas dtype object) holds values of mixed Python types: {_python_types(series)}; '
                f"Arrow cannot make one column of them ({error}). Give it one type, e.g. df[{name!r}].astype(str); nothing was sent",
            ) from error
        return wire_type(name, type_)
    raise SlicewiseError(
        "unsupported_column",
        f'column "{name}" (pandas dtype object) holds {kind} values ({_python_types(series)}), which slicewise cannot store; '
        f"convert it to numbers or strings, e.g. df[{name!r}].astype(str); nothing was sent",
    )


def _pandas_schema(frame: Any) -> pa.Schema:
    fields = []
    for position, name in enumerate(frame.columns):
        if not isinstance(name, str):
            raise SlicewiseError(
                "bad_request", f"column {position} is named {name!r}, not a string; name every column with a string (df.columns = [...])"
            )
        series = frame.iloc[:, position]
        if series.dtype == object:
            type_ = _object_column_type(name, series)
        else:
            try:
                type_ = pa.Array.from_pandas(series.iloc[:0]).type
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as error:
                raise SlicewiseError(
                    "unsupported_column", f'column "{name}" has the pandas dtype {series.dtype}, which Arrow cannot read ({error}); nothing was sent'
                ) from error
            if pa.types.is_null(type_):
                type_ = pa.string()
        fields.append(pa.field(name, type_))
    return pa.schema(fields)


def _pandas_body(frame: Any, batch_rows: int) -> UploadBody:
    # A named index (df.set_index("image_id")) is data; a RangeIndex is not.
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    if len(frame.columns) == 0:
        raise SlicewiseError("empty_body", "the DataFrame has no columns; there is nothing to upload")
    source_schema = _pandas_schema(frame)
    schema = wire_schema(source_schema)

    def batches() -> Iterator[pa.RecordBatch]:
        for start in range(0, len(frame), batch_rows):
            part = frame.iloc[start : start + batch_rows]
            try:
                yield pa.RecordBatch.from_pandas(part, schema=source_schema, preserve_index=False)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
                raise SlicewiseError("unsupported_column", f"rows {start:,}… cannot be converted to Arrow ({error}); the upload was abandoned") from error

    return UploadBody(CONTENT_TYPES["arrow"], _ipc_chunks(schema, batches()), len(frame))


def ipc_stream_bytes(table: pa.Table) -> bytes:
    """A table as one Arrow IPC stream in memory (small tables: widget state, the static route)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def as_names(values: Optional[Sequence[str]]) -> Optional[List[str]]:
    """A list of names from a list, a tuple or one string."""
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)
