// Selection: a model with no view through which a kernel selects a test case. It carries the
// link name of the widgets it drives (`link`) and the test case (`test_case`), and hands both to
// the page's named selection when it arrives — so it needs no widget to know its model id.
// Widgets state saved by earlier versions reference a SelectionModel directly (`IPY_MODEL_…`);
// those are read through linkedSelection.ts's selectionOfModel.
import { WidgetModel } from "@jupyter-widgets/base";
import { linkedSelection } from "./linkGroups";
import { moduleName, moduleVersion } from "../core/widgetModule";

type WireSelection = { stratification: string; test_case: string } | null;

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
      link: null,
      test_case: null,
    };
  }

  override initialize(attributes: Record<string, unknown>, options: Parameters<WidgetModel["initialize"]>[1]): void {
    super.initialize(attributes, options);
    const apply = () => {
      const link = this.get("link") as string | null;
      const wire = this.get("test_case") as WireSelection;
      if (typeof link === "string")
        linkedSelection(this.widget_manager, link).set(wire ? { stratification: wire.stratification, testCase: wire.test_case } : null);
    };
    apply();
    this.on("change:link change:test_case", apply);
  }
}
