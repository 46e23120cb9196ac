// ComparisonChart: bars, delta, scatter or heatmap of the evaluation table, with SVG/PNG export;
// drawn by kinds/comparisonChart.
import { SlicewiseModel, SlicewiseView, kindDefaults, kindSerializers } from "./widgetBase";

export class ComparisonChartModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...kindDefaults("ComparisonChart") };
  }

  static override serializers = kindSerializers("ComparisonChart");
}

export class ComparisonChartView extends SlicewiseView {
  protected get kind() {
    return "ComparisonChart" as const;
  }
}
