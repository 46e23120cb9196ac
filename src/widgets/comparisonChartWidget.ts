// ComparisonChart: bars, delta, scatter or heatmap of the evaluation table, with SVG/PNG export.
import { renderStateMessage } from "../charts/stateMessage";
import { mountChartPanel } from "./panels";
import { tableOf } from "./arrowBytes";
import type { Panel } from "./panels";
import { SlicewiseModel, SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class ComparisonChartModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("ComparisonChartModel", "ComparisonChartView"), results: null };
  }

  static override serializers = slicewiseSerializers(["results"]);
}

export class ComparisonChartView extends SlicewiseView {
  protected get dataAttributes(): string[] {
    return ["results"];
  }

  protected mount(): Panel | null {
    const results = tableOf(this.model.get("results"));
    if (results) return mountChartPanel(this.el, results, this.model.get("options") ?? {}, this.selection);
    renderStateMessage(this.el, { title: "No evaluation to chart", detail: "Give the widget the table that evaluate(...) returns." });
    return null;
  }
}
