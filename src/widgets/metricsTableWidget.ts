// MetricsTable: the evaluation table as a sortable <table> linked to the selection; drawn by
// kinds/metricsTable.
import { SlicewiseModel, SlicewiseView, kindDefaults, kindSerializers } from "./widgetBase";

export class MetricsTableModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...kindDefaults("MetricsTable") };
  }

  static override serializers = kindSerializers("MetricsTable");
}

export class MetricsTableView extends SlicewiseView {
  protected get kind() {
    return "MetricsTable" as const;
  }
}
