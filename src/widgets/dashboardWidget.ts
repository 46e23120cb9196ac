// Dashboard: table, charts and gallery composed in resizable panels, linked; drawn by kinds/dashboard.
import { SlicewiseModel, SlicewiseView, kindDefaults, kindSerializers } from "./widgetBase";

export class DashboardModel extends SlicewiseModel {
  override defaults() {
    return { ...super.defaults(), ...kindDefaults("Dashboard") };
  }

  static override serializers = kindSerializers("Dashboard");
}

export class DashboardView extends SlicewiseView {
  protected get kind() {
    return "Dashboard" as const;
  }
}
