// MetricsTable: the evaluation table as a sortable <table> linked to the selection.
import { renderStateMessage } from "../charts/stateMessage";
import { mountTablePanel } from "./panels";
import { tableOf } from "./arrowBytes";
import type { Panel } from "./panels";
import { SlicewiseModel, SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class MetricsTableModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("MetricsTableModel", "MetricsTableView"), results: null };
  }

  static override serializers = slicewiseSerializers(["results"]);
}

export class MetricsTableView extends SlicewiseView {
  protected get dataAttributes(): string[] {
    return ["results"];
  }

  protected mount(): Panel | null {
    const results = tableOf(this.model.get("results"));
    if (results) return mountTablePanel(this.el, results, this.model.get("options") ?? {}, this.selection);
    renderStateMessage(this.el, { title: "No evaluation to show", detail: "Give the widget the table that evaluate(...) returns." });
    return null;
  }
}
