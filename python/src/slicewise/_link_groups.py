"""Which live Python widgets share a link name: a click that reaches one of them reaches all of them.

The page links views by name (src/widgets/linkGroups.ts) and writes ``selected_test_case`` on
every linked model it shows; this keeps the Python objects of a group together too, including
those not shown on that page.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Dict, List, Optional

if TYPE_CHECKING:
    from ._widgets import SlicewiseWidget

_live_widgets: "weakref.WeakSet[SlicewiseWidget]" = weakref.WeakSet()


def linked(link: Optional[str], but: Optional["SlicewiseWidget"] = None) -> List["SlicewiseWidget"]:
    """The open widgets linked by ``link`` (None links nothing), but ``but``."""
    if link is None:
        return []
    return [widget for widget in list(_live_widgets) if widget is not but and widget.link == link and widget.comm is not None]


def set_quietly(widget: "SlicewiseWidget", selection: Optional[Dict[str, str]]) -> None:
    """Sets ``selection`` without sending it: the page already shows it (every view of the link group shares it)."""
    if widget.selection == selection:
        return
    previous = widget._property_lock
    widget._property_lock = {**previous, "selection": selection}
    try:
        widget.selection = selection
    finally:
        widget._property_lock = previous
