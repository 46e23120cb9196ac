// Slicer: per-slice metrics computed in the page from the samples, worst-slice search, saving.
import { renderStateMessage } from "../charts/stateMessage";
import { tableOf } from "./arrowBytes";
import type { Panel } from "./panels";
import { SlicerOptions, mountSlicer } from "./slicerPanel";
import { SlicewiseModel, SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class SlicerModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("SlicerModel", "SlicerView"), samples: null };
  }

  static override serializers = slicewiseSerializers(["samples"]);
}

export class SlicerView extends SlicewiseView {
  protected get dataAttributes(): string[] {
    return ["samples"];
  }

  protected mount(): Panel | null {
    const samples = tableOf(this.model.get("samples"));
    if (samples) return mountSlicer(this.el, samples, (this.model.get("options") ?? {}) as SlicerOptions);
    renderStateMessage(this.el, { title: "No samples to slice", detail: "Give the slicer the samples with each model's columns: sw.slicer(dataset, { models }) does." });
    return null;
  }
}
