// SampleGallery: the samples behind a number, as a virtualized grid filtered by the selected test case.
import { DOMWidgetModel } from "@jupyter-widgets/base";
import { renderStateMessage } from "../charts/stateMessage";
import { tableOf } from "./arrowBytes";
import { Panel, mountGalleryPanel } from "./panels";
import { SlicewiseView, slicewiseDefaults, slicewiseSerializers } from "./widgetBase";

export class SampleGalleryModel extends DOMWidgetModel {
  override defaults() {
    return { ...super.defaults(), ...slicewiseDefaults("SampleGalleryModel", "SampleGalleryView"), samples: null };
  }

  static override serializers = slicewiseSerializers(["samples"]);
}

export class SampleGalleryView extends SlicewiseView {
  private panel: Panel | null = null;

  override render(): void {
    super.render();
    this.listenTo(this.model, "change:samples change:options", () => this.safely(() => this.draw()));
  }

  protected draw(): void {
    this.panel?.destroy();
    this.panel = null;
    this.el.replaceChildren();
    const samples = tableOf(this.model.get("samples"));
    if (!samples) {
      renderStateMessage(this.el, { title: "No samples to show", detail: "Give the widget the table that samples(dataset, { models }) returns." });
      return;
    }
    this.panel = mountGalleryPanel(this.el, samples, this.model.get("options") ?? {}, this.selection);
  }

  protected selectionChanged(): void {
    // The panel follows the selection itself.
  }

  override remove(): void {
    this.panel?.destroy();
    super.remove();
  }
}
