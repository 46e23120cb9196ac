// One interface for the selected test case, whether it lives in a SelectionModel shared by
// several widgets (ipywidgets) or in a SelectionStore (report and dashboard page).
import type { WidgetModel } from "@jupyter-widgets/base";
import { SelectionStore, TestCaseSelection } from "./selectionStore";

export interface SelectionSource {
  readonly value: TestCaseSelection | null;
  set(selection: TestCaseSelection | null): void;
  subscribe(listener: (selection: TestCaseSelection | null) => void): () => void;
}

type WireSelection = { stratification: string; test_case: string } | null;

/** The selection held by a SelectionModel: state `test_case` = {stratification, test_case} | null. */
export function selectionOfModel(model: WidgetModel): SelectionSource {
  const read = (): TestCaseSelection | null => {
    const wire = model.get("test_case") as WireSelection;
    return wire ? { stratification: wire.stratification, testCase: wire.test_case } : null;
  };
  return {
    get value() {
      return read();
    },
    set(selection) {
      model.set("test_case", selection ? { stratification: selection.stratification, test_case: selection.testCase } : null);
      // Views sharing the model update from `set` alone; a kernel that listens hears it too.
      if (model.comm_live) model.save_changes();
    },
    subscribe(listener) {
      const handler = () => listener(read());
      model.on("change:test_case", handler);
      return () => model.off("change:test_case", handler);
    },
  };
}

export function localSelection(): SelectionSource {
  return new SelectionStore();
}
