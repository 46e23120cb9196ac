// Selection: a model with no view that linked widgets share; it holds the selected test case
// ({stratification, test_case} or null). It lives in the front end: the Deno kernel does not
// deliver front-end messages, so widgets never wait for the kernel to relay a click.
import { WidgetModel } from "@jupyter-widgets/base";
import { moduleName, moduleVersion } from "./version";

export class SelectionModel extends WidgetModel {
  override defaults() {
    return {
      ...super.defaults(),
      _model_name: "SelectionModel",
      _model_module: moduleName,
      _model_module_version: moduleVersion,
      _view_name: null,
      _view_module: null,
      _view_module_version: "",
      test_case: null,
    };
  }
}
