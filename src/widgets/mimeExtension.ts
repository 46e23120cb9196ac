// The JupyterLab 4 / Notebook 7 MIME extensions (outputRenderer.ts): slicewise widget outputs,
// ranked before ipywidgets' widget renderer (rank −10) so that an output whose model is missing
// shows its static copy instead of an error; and the hidden result of a cell that displayed one.
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { shownAboveFactory, slicewiseOutputFactory } from "./outputRenderer";

const extensions: IRenderMime.IExtension[] = [
  {
    id: "slicewise:output",
    description: "slicewise outputs: the live widget when its model is on the page, else the static copy.",
    rendererFactory: slicewiseOutputFactory,
    rank: -20,
    dataType: "json",
  },
  {
    id: "slicewise:shown-above",
    description: "The result of a cell that displayed a slicewise widget: its empty row is hidden.",
    rendererFactory: shownAboveFactory,
    rank: -20,
    dataType: "json",
  },
];

export default extensions;
