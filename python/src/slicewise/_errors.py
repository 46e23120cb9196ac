"""The one error type of the client: a stable ``code`` a program can branch on and a message a person can act on.

The codes are the platform's (``src/core/errors.ts``: ``unknown_dataset``, ``unauthorized``, ``store_locked`` …),
plus the client's own for what never reaches a server: ``unreachable`` (no server at the URL),
``unsupported_column`` (a column that cannot be sent as Arrow) and ``platform_not_found`` /
``server_failed`` (the embedded server could not be started).
"""

from __future__ import annotations

from typing import Optional


class SlicewiseError(Exception):
    """An error from slicewise: ``code`` is stable (branch on it), ``message`` says what to do."""

    code: str
    message: str
    status: Optional[int]

    def __init__(self, code: str, message: str, status: Optional[int] = None) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.status = status

    def __reduce__(self) -> tuple[type, tuple[str, str, Optional[int]]]:
        # Picklable (multiprocessing, joblib): rebuilt from its parts, not from the formatted text.
        return (type(self), (self.code, self.message, self.status))
