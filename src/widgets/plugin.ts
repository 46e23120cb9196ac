// The JupyterLab 4 / Notebook 7 extension: registers the `slicewise` widget module with the
// ipywidgets manager, so widget state sent by a kernel renders with these views.
import { ExportMap, IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import { moduleName, moduleVersion } from "../core/widgetModule";
import * as widgets from "./index";

/** The module's models and views by class name: what widget state names in _model_name and _view_name. */
const { moduleName: _name, moduleVersion: _version, ...classes } = widgets;
const widgetClasses: ExportMap = classes;

const plugin = {
  id: "slicewise:widgets",
  description: "slicewise widgets: metrics table, comparison charts, sample gallery, dashboard.",
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (_app: unknown, registry: IJupyterWidgetRegistry): void => {
    registry.registerWidget({ name: moduleName, version: moduleVersion, exports: widgetClasses });
  },
};

export default plugin;
