"""Upload figures for the Python client: a pandas DataFrame of synthetic per-sample data (the columns of
test/helpers/syntheticData.js: id, region, device, blur, brightness, size, label) and one model's results
uploaded through `slicewise.connect()` (embedded: the wheel's platform on Node from PyPI), timed end to
end — DataFrame → Arrow record batches → HTTP → DuckDB, committed. Prints rows/s; target ≥ 1M rows/s at
10M rows. Writes bench/out/python-upload-<rows>.json.

    python bench/python_upload.py [--rows 10000000] [--seed 1] [--url URL --token T]

Run it with the test venv's Python (`node bench/python.js` does), where test/setup.js installed the wheel.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path
from typing import Any, Dict

import numpy as np
import pandas as pd

import slicewise

REGIONS = ["north", "south", "east", "west", "central"]
DEVICES = ["phone", "tablet", "laptop", "camera"]
OUT = Path(__file__).resolve().parent / "out"


def synthetic_frames(rows: int, seed: int) -> Dict[str, pd.DataFrame]:
    """The dataset and one model's results, built column-wise with numpy (no Python object per row)."""
    random = np.random.default_rng(seed)
    label = random.integers(0, 10, rows, dtype=np.int8)
    dataset = pd.DataFrame(
        {
            "id": np.arange(rows, dtype=np.int32),
            "region": pd.Categorical.from_codes(random.integers(0, len(REGIONS), rows), REGIONS).astype(str),
            "device": pd.Categorical.from_codes(random.integers(0, len(DEVICES), rows), DEVICES).astype(str),
            "blur": random.random(rows, dtype=np.float32),
            "brightness": ((random.random(rows, dtype=np.float32) + random.random(rows, dtype=np.float32)) / 2).astype(np.float32),
            "size": np.floor(32 * 2 ** (6 * random.random(rows))).astype(np.int32),
            "label": label,
        }
    )
    right = random.random(rows) < 0.83
    results = pd.DataFrame(
        {
            "id": dataset["id"],
            "pred": np.where(right, label, (label + 1 + random.integers(0, 9, rows)) % 10).astype(np.int8),
            "score": np.where(right, 0.55 + 0.45 * random.random(rows), 0.2 + 0.6 * random.random(rows)).astype(np.float32),
            "correct": right,
        }
    )
    return {"dataset": dataset, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=float, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default=None, help="a running slicewise serve (default: embedded, in a temporary data directory)")
    parser.add_argument("--token", default=None)
    options = parser.parse_args()
    rows = int(options.rows)

    started = time.perf_counter()
    frames = synthetic_frames(rows, options.seed)
    build_s = time.perf_counter() - started
    figures: Dict[str, Any] = {
        "rows": rows,
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "slicewise": slicewise.__file__,
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
        "build_frames_s": round(build_s, 2),
        "dataframe_bytes": {name: int(frame.memory_usage(deep=True).sum()) for name, frame in frames.items()},
    }
    with tempfile.TemporaryDirectory(prefix="slicewise-python-bench-") as data:
        start = time.perf_counter()
        sw = slicewise.connect(url=options.url, token=options.token) if options.url else slicewise.connect(data=data)
        figures["connect_s"] = round(time.perf_counter() - start, 2)
        with sw:
            for name, upload in [
                ("dataset", lambda: sw.upload_dataset("bench", frames["dataset"], id_fields=["id"])),
                ("results", lambda: sw.upload_results("bench", "candidate", frames["results"])),
            ]:
                start = time.perf_counter()
                upload()
                seconds = time.perf_counter() - start
                figures[f"{name}_upload_s"] = round(seconds, 2)
                figures[f"{name}_rows_per_s"] = round(rows / seconds)
    figures["python_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["load_average_after"] = [round(value, 2) for value in os.getloadavg()]

    print(f"\n=== slicewise Python upload: {rows:,} rows, pandas {pd.__version__}, embedded platform (load average {figures['load_average_before']}) ===")
    for name in ["dataset", "results"]:
        columns = ", ".join(frames[name].columns)
        print(
            f"{name:8} ({columns}): {figures[f'{name}_upload_s']:.2f} s, {figures[f'{name}_rows_per_s'] / 1e6:.2f} M rows/s"
            f" (target ≥ 1 M rows/s), DataFrame {figures['dataframe_bytes'][name] / 1e6:.0f} MB"
        )
    print(f"frames built in {build_s:.1f} s (not timed); connect {figures['connect_s']} s; Python peak RSS {figures['python_peak_rss_mb']} MB")
    OUT.mkdir(exist_ok=True)
    path = OUT / f"python-upload-{rows}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"figures written to {path}")


if __name__ == "__main__":
    main()
