// History: one metric per test case across recorded runs or model versions, from the history
// table in the binary attribute `history`, linked to the shared selection.
import { DOMWidgetModel } from "@jupyter-widgets/base";
import { renderStateMessage } from "../charts/stateMessage";
import { tableOf } from "./arrowBytes";
import { mountHistoryPanel } from "./historyPanel";
import type { Panel } from "./panels";
import { SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class HistoryModel extends DOMWidgetModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("HistoryModel", "HistoryView"), history: null };
  }

  static override serializers = slicewiseSerializers(["history"]);
}

export class HistoryView extends SlicewiseView {
  private panel: Panel | null = null;

  override render(): void {
    super.render();
    this.listenTo(this.model, "change:history change:options", () => this.safely(() => this.draw()));
  }

  protected draw(): void {
    this.panel?.destroy();
    this.panel = null;
    this.el.replaceChildren();
    const history = tableOf(this.model.get("history"));
    if (!history) {
      renderStateMessage(this.el, {
        title: "No history to chart",
        detail: "Give the widget a history table (sw.history(dataset, …) of recorded runs, or historyFromModels(…)). Record runs with evaluate(…, { record: true }) or `slicewise check`; the history needs two or more.",
      });
      return;
    }
    this.panel = mountHistoryPanel(this.el, history, this.model.get("options") ?? {}, this.selection);
  }

  protected selectionChanged(): void {
    // The panel follows the selection itself.
  }

  override remove(): void {
    this.panel?.destroy();
    super.remove();
  }
}
