"""Selection: a link group the kernel selects a test case in, as the TypeScript ``selection()`` does.

It opens a ``SelectionModel`` (no view) carrying the link name and the test case; the page hands
both to its named selection (src/widgets/selectionWidget.ts).
"""

from __future__ import annotations

import uuid
from typing import Any as AnyType
from typing import List as ListType
from typing import Optional, TYPE_CHECKING

from ipywidgets import Widget
from traitlets import Any, Unicode, default

from ._link_groups import linked, set_quietly
from ._widget_wire import DEFAULT_LINK, MODULE_NAME, MODULE_VERSION_RANGE, _test_case, synced_keys

if TYPE_CHECKING:
    from ._widgets import SlicewiseWidget

class _SelectionModel(Widget):
    """The model through which the kernel selects a test case (src/widgets/selectionWidget.ts); it has no view."""

    _model_name = Unicode("SelectionModel").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION_RANGE).tag(sync=True)
    _view_name = Unicode(None, allow_none=True).tag(sync=True)
    _view_module = Unicode(None, allow_none=True).tag(sync=True)
    _view_module_version = Unicode("").tag(sync=True)
    link = Unicode(None, allow_none=True).tag(sync=True)
    test_case = Any(None, allow_none=True).tag(sync=True)

    @default("keys")
    def _default_keys(self) -> ListType[str]:
        return synced_keys(self)


class Selection:
    """A link group: widgets made with ``link=selection`` share the selected test case, and only with each other.

    ``select(stratification=..., test_case=...)`` selects a test case in every widget of the group
    from the kernel (``select(None)`` clears it), as the TypeScript ``selection().select(...)`` does.
    """

    def __init__(self, name: Optional[str] = None) -> None:
        self.name = name if name is not None else uuid.uuid4().hex
        self._selector: Optional[_SelectionModel] = None

    @classmethod
    def default(cls) -> "Selection":
        """The group every widget links to unless told otherwise."""
        return cls(DEFAULT_LINK)

    def select(self, stratification: AnyType = None, test_case: Optional[str] = None) -> None:
        """Selects ``(stratification, test_case)`` (or a dict {stratification, test_case}, or None to clear) in every linked widget."""
        chosen = _test_case(stratification if test_case is None else (stratification, test_case))
        previous = self._selector
        # A new model each time, so that a page opened since the last call hears it too.
        self._selector = _SelectionModel(link=self.name, test_case=chosen)
        if previous is not None:
            previous.close()
        for widget in linked(self.name):
            set_quietly(widget, chosen)

    @property
    def widgets(self) -> ListType["SlicewiseWidget"]:
        """The live widgets of this group."""
        return linked(self.name)

    def __repr__(self) -> str:
        return f"Selection({self.name!r})"
