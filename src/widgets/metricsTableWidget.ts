// MetricsTable: the evaluation table as a sortable <table> linked to the selection.
import { DOMWidgetModel } from "@jupyter-widgets/base";
import { renderStateMessage } from "../charts/stateMessage";
import { tableOf } from "./arrowBytes";
import { Panel, mountTablePanel } from "./panels";
import { SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class MetricsTableModel extends DOMWidgetModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("MetricsTableModel", "MetricsTableView"), results: null };
  }

  static override serializers = slicewiseSerializers(["results"]);
}

export class MetricsTableView extends SlicewiseView {
  private panel: Panel | null = null;

  override render(): void {
    super.render();
    this.listenTo(this.model, "change:results change:options", () => this.safely(() => this.draw()));
  }

  protected draw(): void {
    this.panel?.destroy();
    this.panel = null;
    this.el.replaceChildren();
    const results = tableOf(this.model.get("results"));
    if (!results) {
      renderStateMessage(this.el, { title: "No evaluation to show", detail: "Give the widget the table that evaluate(...) returns." });
      return;
    }
    this.panel = mountTablePanel(this.el, results, this.model.get("options") ?? {}, this.selection);
  }

  protected selectionChanged(): void {
    // The panel follows the selection itself.
  }

  override remove(): void {
    this.panel?.destroy();
    super.remove();
  }
}
