"""Fixtures of the client tests: a real ``slicewise serve`` (the compiled platform of this checkout, on a free
loopback port, with a token, over a temporary data directory), started once per module and stopped after it,
and the digits example as the TypeScript tests build it (``lib/examples/digits``).

Imported by each test module (``from _slicewise_server import ...``) rather than kept in a conftest.py, so
that the helpers working on python/tests/ in parallel do not edit one shared file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence

import pyarrow as pa
import pytest

import slicewise
from slicewise._embedded import find_node, find_platform

TOKEN = "test-token-0123456789"


class Server:
    """A ``slicewise serve`` child process and its URL."""

    def __init__(self, data: Path, token: str = TOKEN, threads: Optional[int] = None, arguments: Sequence[str] = ()) -> None:
        self.root = find_platform()
        self.node = find_node()
        self.token = token
        env = {key: value for key, value in os.environ.items() if not key.startswith("SLICEWISE_")}
        self.process = subprocess.Popen(
            [self.node, str(self.root / "lib/src/cli/main.js"), "serve", "--host", "127.0.0.1", "--port", "0", "--token", token, "--data", str(data)]
            + (["--threads", str(threads)] if threads else [])
            + list(arguments),
            cwd=str(self.root),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.stderr: List[str] = []
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()  # type: ignore[arg-type]
        url = None
        for line in self.process.stdout:
            match = re.match(r"^slicewise listening on (\S+)", line)
            if match:
                url = match.group(1)
                break
        if url is None:
            raise RuntimeError(f"slicewise serve did not start: {''.join(self.stderr)}")
        self.url = url
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()  # type: ignore[union-attr]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # One DuckDB thread: doubles are summed in one order, so an evaluation repeats bit for bit (the digits parity).
    running = Server(tmp_path_factory.mktemp("slicewise-data"), threads=1)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture()
def workspace(server: Server) -> Iterator[slicewise.Workspace]:
    with slicewise.connect(url=server.url, token=server.token) as opened:
        yield opened


def run_node(script: str, *args: str, timeout: float = 300) -> str:
    """Runs a Node script (CommonJS) from the repository root, where ``require("./lib/...")`` finds the compiled code."""
    root = find_platform()
    result = subprocess.run([find_node(), "-e", script, "--", *args], cwd=str(root), capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"node failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


_DIGITS_SCRIPT = r"""
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { tableToIPC } = require("apache-arrow");
const { buildDigitsExample } = require("./lib/examples/digits");
const out = process.argv[process.argv.length - 1];
const example = buildDigitsExample();
writeFileSync(join(out, "dataset.arrow"), tableToIPC(example.dataset, "stream"));
for (const model of example.models) writeFileSync(join(out, `${model}.arrow`), tableToIPC(example.results[model], "stream"));
writeFileSync(join(out, "example.json"), JSON.stringify({ models: example.models, reference: example.reference, standard: example.qualityStandard }));
"""


@pytest.fixture(scope="session")
def digits(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, object]:
    """The digits example of the TypeScript tests: dataset and results as pyarrow Tables, the models, reference and standard."""
    folder = tmp_path_factory.mktemp("digits")
    run_node(_DIGITS_SCRIPT, str(folder))
    meta = json.loads((folder / "example.json").read_text())

    def read(name: str) -> pa.Table:
        with pa.ipc.open_stream(pa.memory_map(str(folder / f"{name}.arrow"))) as reader:
            return reader.read_all()

    return {
        "dataset": read("dataset"),
        "results": {model: read(model) for model in meta["models"]},
        "models": meta["models"],
        "reference": meta["reference"],
        "standard": meta["standard"],
        "folder": folder,
    }


def upload_digits(workspace: slicewise.Workspace, digits: Dict[str, object], name: str = "digits") -> None:
    """Uploads the digits as pandas frames (the path a Python user takes)."""
    workspace.upload_dataset(name, digits["dataset"].to_pandas(), id_fields=["image_id"])  # type: ignore[attr-defined]
    for model, table in digits["results"].items():  # type: ignore[attr-defined]
        workspace.upload_results(name, model, table.to_pandas())
    workspace.set_quality_standard(name, digits["standard"])  # type: ignore[arg-type]
