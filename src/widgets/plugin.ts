// The JupyterLab 4 / Notebook 7 extension: registers the `slicewise` widget module with the
// ipywidgets manager, so widget state sent by a kernel renders with these views.
import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import * as widgets from "./index";
import { moduleName, moduleVersion } from "./version";

const plugin = {
  id: "slicewise:widgets",
  description: "slicewise widgets: metrics table, comparison charts, sample gallery, dashboard.",
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (_app: unknown, registry: IJupyterWidgetRegistry): void => {
    registry.registerWidget({ name: moduleName, version: moduleVersion, exports: widgets as never });
  },
};

export default plugin;
