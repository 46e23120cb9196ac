// SampleGallery: the samples behind a number, as a virtualized grid filtered by the selected test
// case; drawn by kinds/sampleGallery.
import { SlicewiseModel, SlicewiseView, kindDefaults, kindSerializers } from "./widgetBase";

export class SampleGalleryModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...kindDefaults("SampleGallery") };
  }

  static override serializers = kindSerializers("SampleGallery");
}

export class SampleGalleryView extends SlicewiseView {
  protected get kind() {
    return "SampleGallery" as const;
  }
}
