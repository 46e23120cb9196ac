// SampleGallery, as every host reads it: the first samples as HTML cards where no script runs.
import { deltaPicture } from "../deltaPicture";
import { defineWidget } from "../widgetDescriptor";

export const sampleGalleryDescriptor = defineWidget({
  kind: "SampleGallery",
  runtimeName: "sampleGallery",
  arrowAttributes: ["samples"],
  requiredAttributes: ["samples"],
  defaultOptions: {},
  picture: deltaPicture,
  staticHtml: ({ samples }, render) => (samples ? [render.gallery(samples)] : []),
});
