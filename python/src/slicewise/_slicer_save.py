"""The Slicer's save, done by the kernel: the page's slices merged into the stored quality standard.

The page (src/widgets/slicerSave.ts) sends ``{"type": "save_slices", "request", "dataset",
"addition"}``; the kernel reads the standard with its workspace, adds the slices renaming clashes
as the page would (``mergeAddition``), writes it back as a new version and answers
``save_slices_result`` ``{request, version, renamed, added}`` or ``save_slices_error``
``{request, message}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Tuple

from . import _static_copy
from ._widget_wire import WidgetError

if TYPE_CHECKING:
    from ._widgets import Slicer


def _unique_name(name: str, taken: Iterable[str]) -> str:
    """"name", else "name (2)", "name (3)"…: src/metrics/slicing/slicePlan.ts uniqueName."""
    taken = set(taken)
    if name not in taken:
        return name
    suffix = 2
    while f"{name} ({suffix})" in taken:
        suffix += 1
    return f"{name} ({suffix})"


def merge_addition(standard: Mapping[str, Any], addition: Mapping[str, Any]) -> Tuple[Dict[str, Any], List[List[str]]]:
    """The standard with the slices added, clashing names renamed ("name (2)"): src/widgets/slicerSave.ts mergeAddition.

    Returns the new standard and the renames as ``[asked, saved as]`` pairs.
    """
    renamed: List[List[str]] = []

    def rename(name: str, taken: set) -> str:
        saved = _unique_name(name, taken)
        if saved != name:
            renamed.append([name, saved])
        taken.add(saved)
        return saved

    stratifications = list(standard.get("stratifications") or [])
    test_cases = list(standard.get("test_cases") or [])
    # The whole dataset's and the explicit test cases' groups are taken too (takenStratificationNames).
    strata = {"dataset", "test_cases", *(s["name"] for s in stratifications)}
    cases = {t["name"] for t in test_cases}
    merged = dict(standard)
    merged["stratifications"] = stratifications + [{**s, "name": rename(s["name"], strata)} for s in addition.get("stratifications") or []]
    merged["test_cases"] = test_cases + [{**t, "name": rename(t["name"], cases)} for t in addition.get("test_cases") or []]
    return merged, renamed


def _version_of(saved: Any) -> Optional[int]:
    if isinstance(saved, Mapping):
        saved = saved.get("version")
    elif hasattr(saved, "version"):
        saved = saved.version
    return int(saved) if isinstance(saved, (int, float)) and not isinstance(saved, bool) else None


def save_slices(workspace: Any, dataset: str, addition: Mapping[str, Any]) -> Dict[str, Any]:
    """Adds the slices to ``dataset``'s quality standard through ``workspace`` (or the remembered one); returns version, renames, count."""
    if workspace is None:
        workspace = _static_copy.remembered_workspace()
    if workspace is None:
        raise WidgetError("no_workspace", "this Slicer has no workspace to save to: make it with Slicer(..., workspace=sw) or sw = slicewise.connect() first")
    current = dict(workspace.get_quality_standard(dataset))
    current.pop("version", None)
    standard, renamed = merge_addition(current, addition)
    version = _version_of(workspace.set_quality_standard(dataset, standard))
    if version is None:
        version = _version_of(workspace.get_quality_standard(dataset))
    added = len(addition.get("stratifications") or []) + len(addition.get("test_cases") or [])
    return {"version": version, "renamed": renamed, "added": added}


def answer_save_message(widget: "Slicer", content: Any, buffers: Any) -> None:
    """The view's ``save_slices`` message: save with the widget's workspace and answer with the version (or the error)."""
    if not isinstance(content, Mapping) or content.get("type") != "save_slices":
        return
    request = content.get("request")
    try:
        dataset = content.get("dataset")
        addition = content.get("addition")
        if not isinstance(dataset, str) or not isinstance(addition, Mapping):
            raise WidgetError("bad_request", "a save_slices message needs a dataset (str) and an addition {stratifications, test_cases}")
        outcome = widget.save_slices(dataset, addition)
        widget.send({"type": "save_slices_result", "request": request, **outcome})
    except Exception as error:  # the page shows it, with the code that saves the same slices
        code = getattr(error, "code", None)
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        widget.send({"type": "save_slices_error", "request": request, "message": f"{message} [{code}]" if code else message})
