"""A Spark Connect server for the tests of the Spark engine from Python, as test/helpers/sparkConnectServer.ts starts
one: pyspark's Spark (this venv's, or ``SLICEWISE_SPARK_HOME``) on Java 17, ``local[2]`` on a free loopback port with
its own temporary directories, in a process group of its own, stopped with it at the end of the session.
``SLICEWISE_TEST_SPARK_REMOTE=sc://HOST:PORT`` names a running server instead (one JVM for several runs on a small
machine), used as it is and left running. Without Java or pyspark the tests that need Spark are skipped.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator, Optional

import pytest


def spark_home() -> Optional[Path]:
    """SLICEWISE_SPARK_HOME, or the pyspark package of this Python (it carries Spark's jars and bin/)."""
    if os.environ.get("SLICEWISE_SPARK_HOME"):
        return Path(os.environ["SLICEWISE_SPARK_HOME"])
    try:
        import pyspark
    except ImportError:
        return None
    home = Path(pyspark.__file__).parent
    return home if (home / "bin" / "spark-submit").exists() else None


def spark_missing() -> Optional[str]:
    """Why Spark cannot run here, or None."""
    if os.environ.get("SLICEWISE_TEST_SPARK_REMOTE"):
        return None
    if shutil.which("java") is None:
        return "no `java` on PATH: install Java 17 (Debian: `apt-get install openjdk-17-jre-headless`)"
    if spark_home() is None:
        return "no pyspark in this Python (test/requirements-spark.txt) and SLICEWISE_SPARK_HOME is not set"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    """Whether the gRPC port takes connections (Spark Connect opens it once its session can run queries)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def spark_remote() -> Iterator[str]:
    """sc://127.0.0.1:PORT of a Spark Connect server for this session."""
    given = os.environ.get("SLICEWISE_TEST_SPARK_REMOTE")
    if given:
        yield given
        return
    missing = spark_missing()
    if missing:
        pytest.skip(f"Spark tests skipped: {missing}")
    home = spark_home()
    assert home is not None
    directory = Path(tempfile.mkdtemp(prefix="slicewise-spark-"))
    port = _free_port()
    settings = {
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.ui.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.local.dir": str(directory / "local"),
        "spark.sql.warehouse.dir": str(directory / "warehouse"),
        "spark.driver.extraJavaOptions": f"-Djava.io.tmpdir={directory} -Dderby.system.home={directory / 'derby'}",
    }
    arguments = [str(home / "bin" / "spark-submit"), "--class", "org.apache.spark.sql.connect.service.SparkConnectServer", "--master", "local[2]"]
    for name, value in settings.items():
        arguments += ["--conf", f"{name}={value}"]
    log = open(directory / "server.log", "wb")
    # A session of its own: spark-submit starts the JVM as a child, and both go at the end.
    process = subprocess.Popen(
        arguments, cwd=str(directory), stdout=subprocess.DEVNULL, stderr=log, start_new_session=True, env={**os.environ, "SPARK_HOME": str(home), "SPARK_LOG_DIR": str(directory)}
    )
    try:
        deadline = time.monotonic() + 120
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Spark Connect server did not start; its log ends:\n{(directory / 'server.log').read_text()[-4000:]}")
            time.sleep(0.25)
        yield f"sc://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
        shutil.rmtree(directory, ignore_errors=True)
