"""``connect()`` without a URL: a private ``slicewise serve`` on a free loopback port with a random token, stopped at
``close()``, at interpreter exit, and when the Python process is killed outright; a second process on the same data
directory gets the store's lock error with what to do; a platform that cannot start says why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Dict

import pandas as pd
import pytest

import slicewise
from slicewise import SlicewiseError
from slicewise._embedded import find_node, find_platform

from _slicewise_server import digits, upload_digits  # noqa: F401

SOURCE = str(Path(slicewise.__file__).resolve().parent.parent)


def _gone(pid: int, within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A zombie (exited, not yet reaped by its parent) is gone too.
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture()
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLICEWISE_URL", "SLICEWISE_TOKEN", "SLICEWISE_DATA"):
        monkeypatch.delenv(name, raising=False)


def test_connect_without_a_url_runs_a_private_server(tmp_path: Path, clean_environment: None, digits: Dict[str, Any]) -> None:  # noqa: F811
    with slicewise.connect(data=str(tmp_path / "data")) as sw:
        assert sw.embedded and sw.location.startswith("http://127.0.0.1:")
        server = sw._server
        assert server is not None and server.running
        assert len(server.token) >= 32 and server.token not in " ".join(server.process.args)  # type: ignore[arg-type]
        upload_digits(sw, digits)
        table = sw.evaluate("digits", digits["models"])
        assert table.num_rows > 100
        assert "embedded" in repr(sw)
    assert not server.running
    assert (tmp_path / "data").is_dir()


def test_the_data_directory_comes_from_slicewise_data(tmp_path: Path, clean_environment: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLICEWISE_DATA", str(tmp_path / "from-env"))
    sw = slicewise.connect()
    try:
        assert sw._server is not None and sw._server.data == str(tmp_path / "from-env")
        sw.upload_dataset("d", pd.DataFrame({"id": [1, 2]}))
    finally:
        sw.close()
    # Reopened: the data is still there.
    with slicewise.connect() as again:
        assert again.list_datasets() == ["d"]


def test_a_second_process_on_the_same_data_gets_the_lock_error(tmp_path: Path, clean_environment: None) -> None:
    # (In this process a second connect() shares the first one's server: see test_embedded_shared.py.)
    data = str(tmp_path / "shared")
    with slicewise.connect(data=data) as first:
        child = _python(
            """
            import slicewise
            try:
                slicewise.connect()
            except slicewise.SlicewiseError as error:
                print(error.code)
                print(error.message)
            """,
            SLICEWISE_DATA=data,
        )
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        code, message = out.split("\n", 1)
        assert code == "store_locked"
        assert first.location in message and "sw.close()" in message and "connect(data=" in message


def _python(code: str, **env: str) -> "subprocess.Popen[str]":
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SLICEWISE_")}
    environment.update(env)
    environment["PYTHONPATH"] = SOURCE + os.pathsep + environment.get("PYTHONPATH", "")
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)


def test_the_server_stops_at_interpreter_exit_without_close(tmp_path: Path) -> None:
    child = _python(
        """
        import slicewise
        sw = slicewise.connect()
        print(sw._server.process.pid, flush=True)
        """,
        SLICEWISE_DATA=str(tmp_path / "data"),
    )
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert _gone(int(out.split()[0]))


def test_the_server_dies_with_a_killed_kernel(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    child = _python(
        """
        import sys, time, slicewise
        sw = slicewise.connect()
        print(sw._server.process.pid, flush=True)
        time.sleep(600)
        """,
        SLICEWISE_DATA=str(tmp_path / "data"),
    )
    assert child.stdout is not None
    pid = int(child.stdout.readline())
    assert not _gone(pid, within=0.5)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert _gone(pid)


def test_a_platform_that_is_not_there_says_where_to_get_one(tmp_path: Path, clean_environment: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLICEWISE_PLATFORM", str(tmp_path / "nowhere"))
    with pytest.raises(SlicewiseError) as caught:
        slicewise.connect(data=str(tmp_path / "data"))
    assert caught.value.code == "platform_not_found" and "SLICEWISE_PLATFORM" in caught.value.message


def test_a_server_that_cannot_start_reports_its_stderr(tmp_path: Path, clean_environment: None) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(SlicewiseError) as caught:
        slicewise.connect(data=str(blocker / "data"))
    assert caught.value.code in ("server_failed", "internal", "bad_request")
    assert "a-file" in caught.value.message


def test_the_platform_and_node_are_found_in_this_checkout() -> None:
    root = find_platform()
    assert (root / "package.json").is_file() and (root / "lib/src/cli/main.js").is_file()
    assert os.access(find_node(), os.X_OK)


def test_a_server_started_from_a_thread_outlives_the_thread(tmp_path: Path, clean_environment: None) -> None:
    import threading

    opened: Dict[str, Any] = {}
    worker = threading.Thread(target=lambda: opened.setdefault("sw", slicewise.connect(data=str(tmp_path / "data"))))
    worker.start()
    worker.join()
    sw = opened["sw"]
    try:
        time.sleep(0.5)
        assert sw._server.running
        assert sw.list_datasets() == []
    finally:
        sw.close()
