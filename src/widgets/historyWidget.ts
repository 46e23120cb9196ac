// History: one metric per test case across recorded runs or model versions, from the history
// table in the binary attribute `history`, linked to the shared selection.
import { renderStateMessage } from "../charts/stateMessage";
import { mountHistoryPanel } from "./historyPanel";
import { tableOf } from "./arrowBytes";
import type { Panel } from "./panels";
import { SlicewiseModel, SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class HistoryModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("HistoryModel", "HistoryView"), history: null };
  }

  static override serializers = slicewiseSerializers(["history"]);
}

export class HistoryView extends SlicewiseView {
  protected get dataAttributes(): string[] {
    return ["history"];
  }

  protected mount(): Panel | null {
    const history = tableOf(this.model.get("history"));
    if (history) return mountHistoryPanel(this.el, history, this.model.get("options") ?? {}, this.selection);
    renderStateMessage(this.el, {
      title: "No history to chart",
      detail: "Give the widget a history table (sw.history(dataset, …) of recorded runs, or historyFromModels(…)). Record runs with evaluate(…, { record: true }) or `slicewise check`; the history needs two or more.",
    });
    return null;
  }
}
