// Slicer, as every host reads it: it computes in the page, so where no script runs it only says
// how many samples it would slice and where it works.
import { deltaPicture } from "../deltaPicture";
import { defineWidget } from "../widgetDescriptor";

export const slicerDescriptor = defineWidget({
  kind: "Slicer",
  runtimeName: "slicer",
  arrowAttributes: ["samples"],
  requiredAttributes: ["samples"],
  defaultOptions: {},
  picture: deltaPicture,
  staticHtml: ({ samples }) =>
    samples
      ? [
          `<p>slicewise Slicer: ${samples.numRows.toLocaleString("en-US")} samples to slice interactively. It computes in the page, so it needs a live notebook (JupyterLab, Notebook 7) or an exported report.</p>`,
        ]
      : [],
});
