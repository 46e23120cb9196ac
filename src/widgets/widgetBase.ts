// What every slicewise widget shares: the module's names and versions, Arrow attributes with
// exact-byte serializers, a model that announces itself to the page's output renderer, the
// selection it links to (a name shared on the page, or a SelectionModel), the theme root, and a
// view that turns a failure into a message instead of a blank output.
import { DOMWidgetModel, DOMWidgetView, ISerializers, WidgetModel, unpack_models } from "@jupyter-widgets/base";
import { renderStateMessage } from "../charts/stateMessage";
import { arrowBytesSerializer } from "./arrowBytes";
import { linkedSelection } from "./linkGroups";
import { SelectionSource, localSelection, selectionOfModel } from "./linkedSelection";
import { registerLiveModel } from "./liveModels";
import type { Panel } from "./panels";
import { injectStyles } from "./styles";
import { moduleName, moduleVersion } from "../core/widgetModule";

/** The model every slicewise widget extends: registered as live on the page once constructed. */
export abstract class SlicewiseModel extends DOMWidgetModel {
  override initialize(attributes: Record<string, unknown>, options: Parameters<DOMWidgetModel["initialize"]>[1]): void {
    super.initialize(attributes, options);
    registerLiveModel(this);
  }
}

/** State defaults every slicewise model starts from: names, versions, `options` and `selection`. */
export function slicewiseDefaults(modelName: string, viewName: string | null): Record<string, unknown> {
  return {
    _model_name: modelName,
    _model_module: moduleName,
    _model_module_version: moduleVersion,
    _view_name: viewName,
    _view_module: moduleName,
    _view_module_version: moduleVersion,
    options: {},
    selection: null,
  };
}

/** Serializers for Arrow attributes (named) plus the selection model reference. */
export function slicewiseSerializers(arrowAttributes: string[]): ISerializers {
  const serializers: ISerializers = { ...DOMWidgetModel.serializers, selection: { deserialize: unpack_models } };
  for (const name of arrowAttributes) serializers[name] = arrowBytesSerializer;
  return serializers;
}

/**
 * A base view: theme root, selection wiring, one mounted panel redrawn when the data or the
 * options change, failures shown as a message.
 */
export abstract class SlicewiseView extends DOMWidgetView {
  /** Mounted panels subscribe to it themselves. */
  protected selection!: SelectionSource;
  private panel: Panel | null = null;

  /** The binary Arrow attributes this view draws from. */
  protected abstract get dataAttributes(): string[];

  /** Mounts the panel from the model's state, or shows a state message and returns null. */
  protected abstract mount(): Panel | null;

  override render(): void {
    injectStyles(this.el.ownerDocument);
    this.el.classList.add("slicewise", "sw-widget");
    this.bindSelection();
    // A new selection model means new links: the mounted panel holds the old one, so redraw.
    this.listenTo(this.model, "change:selection", () => {
      this.bindSelection();
      this.safely(() => this.draw());
    });
    this.listenTo(this.model, [...this.dataAttributes, "options"].map((name) => `change:${name}`).join(" "), () => this.safely(() => this.draw()));
    this.safely(() => this.draw());
  }

  /** Draws (or redraws) the widget from the model's state. */
  protected draw(): void {
    this.panel?.destroy();
    this.panel = null;
    this.el.replaceChildren();
    this.panel = this.mount();
  }

  protected safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      renderStateMessage(this.el, {
        kind: "error",
        title: "This widget could not be drawn",
        detail: `${error instanceof Error ? error.message : String(error)}. Re-run the cell; if it persists, report it with the data's schema.`,
      });
    }
  }

  /** `selection` is a link name (widgets of this page with the same name share it), a
   *  SelectionModel (state saved by earlier versions, or a page that made one), or null (unlinked). */
  private bindSelection(): void {
    const link = this.model.get("selection") as WidgetModel | string | null;
    if (typeof link === "string") this.selection = linkedSelection(this.model.widget_manager, link);
    else this.selection = link ? selectionOfModel(link) : localSelection();
  }

  override remove(): void {
    this.panel?.destroy();
    super.remove();
  }
}
