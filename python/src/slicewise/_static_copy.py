"""The static copy of a widget (its ``text/html``), drawn by the platform so nbconvert, GitHub and a page without the kernel show it.

The Deno kernel draws it in-process (src/export/staticWidget.ts); a Python kernel asks the platform
it talks to: ``POST /api/v1/widgets/{kind}/static``. Without a platform a widget displays without
the copy; it never fails for want of it.
"""

from __future__ import annotations

import base64
import json
import urllib.request
import weakref
from typing import Any, Callable, Mapping, Optional

import pyarrow as pa

from ._widget_wire import SlicewiseError, _ipc_stream
#: A weak reference to the remembered workspace: a closed, dropped workspace is not kept alive by widgets.
_default_workspace_ref: Optional[Callable[[], Any]] = None

def remembered_workspace() -> Any:
    """The workspace widgets use when given none: the one ``remember_workspace()`` kept, else the client's active one."""
    if _default_workspace_ref is not None:
        workspace = _default_workspace_ref()
        if workspace is not None:
            return workspace
    try:
        from ._client import active_workspace
    except ImportError:  # the widgets without the client: no default
        return None
    return active_workspace()


def remember_workspace(workspace: Any) -> None:
    """Makes ``workspace`` the one widgets made without ``workspace=`` use (``connect()`` calls it)."""
    global _default_workspace_ref
    try:
        _default_workspace_ref = weakref.ref(workspace)
    except TypeError:  # not weakly referenceable: keep it
        _default_workspace_ref = lambda: workspace  # noqa: E731


def _static_html(kind: str, tables: Mapping[str, Optional[pa.Table]], options: Mapping[str, Any], workspace: Any = None) -> Optional[str]:
    """The static copy the Deno side puts in ``text/html``, drawn by the platform (``POST /api/v1/widgets/{kind}/static``).

    Asked through the workspace's ``static_widget`` (the client's Workspace), or by URL and token
    for any object with ``url`` and ``token``. None when there is no platform to ask or it cannot
    answer (within 15 s: a display waits for it): a display never fails for want of it.
    """
    workspace = workspace if workspace is not None else remembered_workspace()
    if workspace is None:
        return None
    present = {name: table for name, table in tables.items() if table is not None}
    try:
        static_widget = getattr(workspace, "static_widget", None)
        # Only the HTML: the SVG picture of a 1,000-test-case table would hold the display up by seconds.
        answer = static_widget(kind, present, dict(options), picture=False) if callable(static_widget) else _post_static(workspace, kind, present, options)
    except (SlicewiseError, OSError, ValueError):
        return None
    html = answer.get("html") if isinstance(answer, Mapping) else None
    return html if isinstance(html, str) else None


def _post_static(workspace: Any, kind: str, tables: Mapping[str, pa.Table], options: Mapping[str, Any]) -> Any:
    """``POST {url}/api/v1/widgets/{kind}/static`` with the workspace's token; the answer's JSON (None without a URL)."""
    url = getattr(workspace, "url", None)
    if not url:
        return None
    token = getattr(workspace, "token", None)
    body = json.dumps(
        {
            "tables": {name: base64.b64encode(_ipc_stream(table).to_pybytes()).decode("ascii") for name, table in tables.items()},
            "options": dict(options),
            "picture": False,
        }
    ).encode("utf-8")
    request = urllib.request.Request(
        f"{str(url).rstrip('/')}/api/v1/widgets/{kind}/static",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.loads(response.read().decode("utf-8"))
