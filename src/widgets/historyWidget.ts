// History: one metric per test case across recorded runs or model versions, from the history
// table in the binary attribute `history`, linked to the shared selection; drawn by kinds/history.
import { SlicewiseModel, SlicewiseView, kindDefaults, kindSerializers } from "./widgetBase";

export class HistoryModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...kindDefaults("History") };
  }

  static override serializers = kindSerializers("History");
}

export class HistoryView extends SlicewiseView {
  protected get kind() {
    return "History" as const;
  }
}
