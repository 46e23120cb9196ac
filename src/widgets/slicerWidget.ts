// Slicer: per-slice metrics computed in the page from the samples, worst-slice search, saving;
// drawn by kinds/slicer.
import { SlicewiseModel, SlicewiseView, kindDefaults, kindSerializers } from "./widgetBase";

export class SlicerModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...kindDefaults("Slicer") };
  }

  static override serializers = kindSerializers("Slicer");
}

export class SlicerView extends SlicewiseView {
  protected get kind() {
    return "Slicer" as const;
  }
}
