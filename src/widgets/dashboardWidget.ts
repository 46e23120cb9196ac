// Dashboard: table, charts and gallery composed in resizable panels, linked.
import { mountDashboard } from "./dashboardPanel";
import { tableOf } from "./arrowBytes";
import type { Panel } from "./panels";
import { SlicewiseModel, SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class DashboardModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("DashboardModel", "DashboardView"), results: null, samples: null };
  }

  static override serializers = slicewiseSerializers(["results", "samples"]);
}

export class DashboardView extends SlicewiseView {
  protected get dataAttributes(): string[] {
    return ["results", "samples"];
  }

  protected mount(): Panel | null {
    const data = { results: tableOf(this.model.get("results")), samples: tableOf(this.model.get("samples")), options: this.model.get("options") ?? {} };
    return mountDashboard(this.el, data, this.selection);
  }
}
