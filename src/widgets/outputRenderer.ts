// How a slicewise output renders in JupyterLab 4 / Notebook 7: the live widget when its model is
// on this page, and otherwise the static copy the same output carries (the table as HTML, charts
// as SVG). ipywidgets' own renderer shows "Error displaying widget: model not found" for a model
// the page never received — a saved notebook reopened, a page reloaded while the kernel runs —
// although the output holds a perfectly good `text/html` copy; this renderer, preferred for the
// outputs slicewise marks with `slicewiseViewMimeType`, never shows that error.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Panel, Widget } from "@lumino/widgets";
import { SlicewiseViewData, slicewiseShownMimeType, slicewiseViewMimeType } from "../core/widgetOutput";
import { liveModel, whenLiveModel } from "./liveModels";
import { injectStyles } from "./styles";

const staticType = "text/html";

/** How long a model announced with the output may take to arrive before the static copy shows. */
export const modelGraceMilliseconds = 1000;

export class SlicewiseOutputRenderer extends Panel implements IRenderMime.IRenderer {
  readonly mimeType: string;
  private stopWaiting: () => void = () => undefined;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by every renderModel, so an earlier render's late view is dropped. */
  private generation = 0;
  /** The model whose live view is shown, and the static copy to fall back on when it closes. */
  private shown: { modelId: string; html: string | null } | null = null;

  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this.mimeType = options.mimeType;
    this.addClass("sw-output");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const source = model.data[this.mimeType] as Partial<SlicewiseViewData> | undefined;
    const html = staticCopy(model.data[staticType]);
    const modelId = typeof source?.model_id === "string" ? source.model_id : "";
    // The same model again (a Python kernel shows the live view first and adds the static copy by
    // updating the output): keep the view, and remember the copy for when the model closes.
    if (modelId && this.shown?.modelId === modelId && this.widgets.length > 0) {
      this.shown.html = html ?? this.shown.html;
      return;
    }
    this.shown = null;
    const generation = ++this.generation;
    this.stopWaiting();
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    const present = modelId ? liveModel(modelId) : undefined;
    if (present) return this.showLive(present, html, generation);
    // No model yet: the kernel may have opened it a moment ago (it is still being built), or
    // it belongs to a kernel session this page never saw. Wait a little, then show the copy;
    // a model that arrives later still replaces it.
    if (modelId) {
      this.stopWaiting = whenLiveModel(modelId, (arrived) => void this.showLive(arrived, html, generation));
      this.graceTimer = setTimeout(() => {
        this.graceTimer = null;
        if (generation === this.generation && this.widgets.length === 0) this.showStatic(html);
      }, modelGraceMilliseconds);
    } else this.showStatic(html);
  }

  private async showLive(model: WidgetModel, html: string | null, generation: number): Promise<void> {
    this.stopWaiting();
    let view: DOMWidgetView;
    try {
      view = (await model.widget_manager.create_view(model, {})) as DOMWidgetView;
    } catch (error) {
      console.error("slicewise: the widget view could not be created; showing the static copy", error);
      if (generation === this.generation) this.showStatic(html);
      return;
    }
    if (generation !== this.generation || this.isDisposed) {
      view.remove();
      return;
    }
    const widget = view.luminoWidget;
    this.clear();
    this.addWidget(widget);
    const shown = (this.shown = { modelId: model.model_id, html });
    // The model closed (kernel restarted or shut down): the copy is what is left to show.
    widget.disposed.connect(() => {
      if (!this.isDisposed && generation === this.generation) this.showStatic(shown.html);
    });
  }

  private showStatic(html: string | null): void {
    this.clear();
    injectStyles(this.node.ownerDocument);
    const copy = this.node.ownerDocument.createElement("div");
    copy.className = "slicewise sw-static-copy";
    if (html) {
      const note = this.node.ownerDocument.createElement("p");
      note.className = "sw-static-note";
      note.textContent = "A static copy: run the cell to get the interactive widget back.";
      const content = this.node.ownerDocument.createElement("div");
      content.className = "sw-static-content";
      // The kernel wrote this HTML (slicewise's own static export); JupyterLab only hands it to
      // an unsafe renderer such as this one for a trusted notebook.
      content.innerHTML = html;
      copy.append(note, content);
    } else {
      copy.textContent = "This widget's model is not on this page and the output carries no static copy: run the cell again.";
    }
    this.node.append(copy);
  }

  private clear(): void {
    for (const widget of [...this.widgets]) widget.parent = null;
    this.node.querySelector(":scope > .sw-static-copy")?.remove();
  }

  override dispose(): void {
    this.stopWaiting();
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    super.dispose();
  }
}

/** A `text/html` value as JupyterLab hands it over: a string (or, from some kernels, lines). */
function staticCopy(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.join("");
  return null;
}

/** The factory registered for `slicewiseViewMimeType`. Unsafe: it renders the output's HTML. */
export const slicewiseOutputFactory: IRenderMime.IRendererFactory = {
  safe: false,
  mimeTypes: [slicewiseViewMimeType],
  createRenderer: (options) => new SlicewiseOutputRenderer(options),
};

/**
 * The result of a cell that displayed a widget above it: nothing to show, so its output row is
 * hidden (css/output.css, `.jp-OutputArea-child:has(.sw-shown-above)`).
 */
export class ShownAboveRenderer extends Widget implements IRenderMime.IRenderer {
  constructor() {
    super();
    this.addClass("sw-shown-above");
  }

  async renderModel(): Promise<void> {
    injectStyles(this.node.ownerDocument);
  }
}

export const shownAboveFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [slicewiseShownMimeType],
  createRenderer: () => new ShownAboveRenderer(),
};
