// SampleGallery: the samples behind a number, as a virtualized grid filtered by the selected test case.
import { renderStateMessage } from "../charts/stateMessage";
import { mountGalleryPanel } from "./panels";
import { tableOf } from "./arrowBytes";
import type { Panel } from "./panels";
import { SlicewiseModel, SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class SampleGalleryModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("SampleGalleryModel", "SampleGalleryView"), samples: null };
  }

  static override serializers = slicewiseSerializers(["samples"]);
}

export class SampleGalleryView extends SlicewiseView {
  protected get dataAttributes(): string[] {
    return ["samples"];
  }

  protected mount(): Panel | null {
    const samples = tableOf(this.model.get("samples"));
    if (samples) return mountGalleryPanel(this.el, samples, this.model.get("options") ?? {}, this.selection);
    renderStateMessage(this.el, { title: "No samples to show", detail: "Give the widget the table that samples(dataset, { models }) returns." });
    return null;
  }
}
