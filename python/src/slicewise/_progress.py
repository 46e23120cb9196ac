"""An evaluation's progress in Python: the reports of ``GET /api/v1/operations/{operation}/progress`` (an
evaluation on Spark says its stages' tasks; DuckDB's say nothing), asked for once a second from a background
thread while ``Workspace.evaluate`` waits for its answer, and shown as the TypeScript kernel side shows them
(src/notebook/kernelProgress.ts, src/client/progressLine.ts): a bar with a line of text in a notebook, updated
in place, a line rewritten in place on a terminal's stderr, nothing elsewhere.
"""

from __future__ import annotations

import html
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, TextIO

from ._errors import SlicewiseError

#: How often a running evaluation's progress is asked for: Spark reports once a second (src/platform/engines/sparkSession.ts).
POLL_SECONDS = 1.0
#: A quick evaluation shows nothing but its result; a slower one says what is happening after this long.
QUIET_SECONDS = 0.5


@dataclass(frozen=True)
class Progress:
    """How far an evaluation has got, as the platform answers it (wire names): with ``unit`` "tasks", Spark's
    tasks ``done`` of ``total`` known so far, over ``stages_done`` of ``stages`` stages, ``bytes_read`` read."""

    unit: str
    done: float
    total: Optional[float] = None
    stages_done: Optional[int] = None
    stages: Optional[int] = None
    bytes_read: Optional[float] = None

    @classmethod
    def from_wire(cls, wire: Dict[str, Any]) -> "Progress":
        return cls(
            unit=wire["unit"],
            done=wire["done"],
            total=wire.get("total"),
            stages_done=wire.get("stages_done"),
            stages=wire.get("stages"),
            bytes_read=wire.get("bytes_read"),
        )

    @property
    def share(self) -> Optional[float]:
        """done / total, or None while the total is unknown."""
        return self.done / self.total if self.total else None

    def __str__(self) -> str:
        return describe_progress(self)


def describe_bytes(count: float) -> str:
    """ "12.5 MB", "1.2 GB" (src/client/progressLine.ts)."""
    return f"{count / 1e9:.1f} GB" if count >= 1e9 else f"{count / 1e6:.1f} MB"


def _percent(share: float) -> int:
    # JavaScript's Math.round (halves up), so the two kernel sides print the same line.
    return int(share * 100 + 0.5)


def describe_progress(progress: Progress) -> str:
    """The line the TypeScript side prints: "stage 3/5, tasks 120/200 (60%), 1.2 GB read", "45%", "1,234 rows (45%)"."""
    if progress.unit == "percent":
        return f"{_percent(progress.done / 100)}%"
    share = f" ({_percent(progress.done / progress.total)}%)" if progress.total else ""
    if progress.unit == "tasks":
        parts = [f"tasks {int(progress.done):,}/{int(progress.total or 0):,}{share}"]
        if progress.stages is not None and progress.stages_done is not None:
            parts.insert(0, f"stage {progress.stages_done}/{progress.stages}")
        if progress.bytes_read:
            parts.append(f"{describe_bytes(progress.bytes_read)} read")
        return ", ".join(parts)
    amount = describe_bytes if progress.unit == "bytes" else (lambda value: f"{int(value):,} rows")
    return f"{amount(progress.done)}{share}" if progress.total else amount(progress.done)


class ProgressPoll:
    """Asks for an operation's progress every ``interval`` seconds on a daemon thread until ``stop()``, telling
    ``listener`` each report; calls ``on_slow`` once if still running after ``QUIET_SECONDS``. A server without
    the route (404: older than the route) or one that fails to answer is asked no more: the evaluation's own
    request reports its errors, the progress is only a courtesy."""

    def __init__(
        self,
        ask: Callable[[], Optional[Dict[str, Any]]],
        listener: Callable[[Progress], None],
        *,
        on_slow: Optional[Callable[[], None]] = None,
        interval: float = POLL_SECONDS,
    ) -> None:
        self._ask = ask
        self._listener = listener
        self._on_slow = on_slow
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slicewise-progress", daemon=True)
        #: Why polling ended early (a SlicewiseError), for tests and the curious; None while it runs or when stopped.
        self.ended_by: Optional[BaseException] = None

    def start(self) -> "ProgressPoll":
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops asking and waits for a question in flight, so that no report is told after this returns."""
        self._stopped.set()
        self._thread.join()

    def _run(self) -> None:
        started = time.monotonic()
        if self._on_slow is not None:
            if self._stopped.wait(QUIET_SECONDS):
                return
            self._on_slow()
        ticks = 1
        while not self._stopped.wait(max(0.0, started + ticks * self._interval - time.monotonic())):
            ticks += 1
            try:
                wire = self._ask()
            except SlicewiseError as error:
                self.ended_by = error
                return
            if wire is not None and not self._stopped.is_set():
                self._listener(Progress.from_wire(wire))


def _notebook_shell() -> Any:
    """The running IPython shell when it is a kernel's (a notebook, JupyterLab, VS Code), else None."""
    module = sys.modules.get("IPython")
    get_ipython = getattr(module, "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    return shell if getattr(shell, "kernel", None) is not None else None


def _bundle(text: str, share: Optional[float] = None) -> Dict[str, str]:
    # The TypeScript kernel side's markup (src/notebook/kernelProgress.ts), so both notebooks look alike.
    bar = "" if share is None else f'<progress value="{share:.3f}" max="1" style="width:220px;vertical-align:middle;margin-right:8px"></progress>'
    return {"text/plain": text, "text/html": f'<div style="font:12px system-ui,sans-serif;color:#555">{bar}{html.escape(text)}</div>'}


class ProgressDisplay:
    """Where an evaluation's progress shows: ``waiting`` says the evaluation is under way, ``show`` a report, ``done``
    a summary (only if anything was shown), ``clear`` after a failure. This one shows nothing; ``progress_display``
    picks the one that fits."""

    shows = False

    def waiting(self) -> None:
        pass

    def show(self, progress: Progress) -> None:
        pass

    def done(self, summary: str) -> None:
        pass

    def clear(self) -> None:
        pass


class NotebookProgress(ProgressDisplay):
    """One display in the cell's output (``display_id``), replaced by each report, at most four times a second."""

    shows = True

    def __init__(self, label: str, waiting_text: str, publish: Optional[Callable[[Dict[str, str], bool], None]] = None) -> None:
        self._label = label
        self._waiting_text = waiting_text
        self._publish = publish or self._ipython_publish
        self._handle: Any = None
        self._shown = False
        self._last = 0.0
        # Reports come from the polling thread, the summary from the caller's.
        self._lock = threading.Lock()

    def _ipython_publish(self, data: Dict[str, str], update: bool) -> None:
        from IPython.display import display

        if update:
            self._handle.update(data, raw=True)
        else:
            self._handle = display(data, raw=True, display_id=True)

    def _put(self, data: Dict[str, str]) -> None:
        with self._lock:
            self._publish(data, self._shown)
            self._shown = True

    def waiting(self) -> None:
        self._put(_bundle(self._waiting_text))

    def show(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last < 0.25:
            return
        self._last = now
        self._put(_bundle(f"{self._label}: {describe_progress(progress)}", progress.share))

    def done(self, summary: str) -> None:
        if self._shown:
            self._put(_bundle(summary))


class TerminalProgress(ProgressDisplay):
    """A line on a terminal's stderr, rewritten in place (at most five times a second) and erased at the end."""

    shows = True

    def __init__(self, label: str, stream: TextIO) -> None:
        self._label = label
        self._stream = stream
        self._last = 0.0
        self._shown = False

    def show(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        self._shown = True
        self._stream.write(f"\r{self._label}: {describe_progress(progress)}\x1b[K")
        self._stream.flush()

    def done(self, summary: str) -> None:
        self.clear()

    def clear(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def progress_display(dataset: str, models: int) -> ProgressDisplay:
    """A bar in a notebook, a line on a terminal's stderr, else nothing."""
    if _notebook_shell() is not None:
        return NotebookProgress(f"Evaluating {dataset}", f"Evaluating {models} models on {dataset}…")
    stream = sys.stderr
    if stream is not None and getattr(stream, "isatty", lambda: False)():
        return TerminalProgress(f"evaluating {dataset}", stream)
    return ProgressDisplay()
