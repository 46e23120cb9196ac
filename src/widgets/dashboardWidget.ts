// Dashboard: table, charts and gallery composed in resizable panels, linked.
import { DOMWidgetModel } from "@jupyter-widgets/base";
import { tableOf } from "./arrowBytes";
import { mountDashboard } from "./dashboardPanel";
import type { Panel } from "./panels";
import { SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class DashboardModel extends DOMWidgetModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("DashboardModel", "DashboardView"), results: null, samples: null };
  }

  static override serializers = slicewiseSerializers(["results", "samples"]);
}

export class DashboardView extends SlicewiseView {
  private panel: Panel | null = null;

  override render(): void {
    super.render();
    this.listenTo(this.model, "change:results change:samples change:options", () => this.safely(() => this.draw()));
  }

  protected draw(): void {
    this.panel?.destroy();
    this.panel = null;
    this.el.replaceChildren();
    this.panel = mountDashboard(
      this.el,
      { results: tableOf(this.model.get("results")), samples: tableOf(this.model.get("samples")), options: this.model.get("options") ?? {} },
      this.selection,
    );
  }

  protected selectionChanged(): void {
    // The panel follows the selection itself.
  }

  override remove(): void {
    this.panel?.destroy();
    super.remove();
  }
}
