// What every slicewise widget shares: the module's names and versions, Arrow attributes with
// exact-byte serializers, a model that announces itself to the page's output renderer, the
// selection it links to (a name shared on the page, or a SelectionModel), the theme root, and a
// view that turns a failure into a message instead of a blank output. What differs by kind comes
// from the kind's descriptor and mount (src/widgets/kinds).
import { DOMWidgetModel, DOMWidgetView, ISerializers, WidgetModel, unpack_models } from "@jupyter-widgets/base";
import { renderStateMessage } from "../charts/stateMessage";
import { moduleName, moduleVersion } from "../core/widgetModule";
import { arrowBytesSerializer, tableOf } from "./arrowBytes";
import { WidgetKind, descriptorOf } from "./kinds/descriptors";
import { browserWidgets } from "./kinds/mounts";
import type { WidgetTables } from "./kinds/widgetDescriptor";
import { linkedSelection } from "./linkGroups";
import { SelectionSource, localSelection, selectionOfModel } from "./linkedSelection";
import { registerLiveModel } from "./liveModels";
import type { Panel } from "./panels";
import { injectStyles } from "./styles";

/** The model every slicewise widget extends: registered as live on the page once constructed. */
export abstract class SlicewiseModel extends DOMWidgetModel {
  override initialize(attributes: Record<string, unknown>, options: Parameters<DOMWidgetModel["initialize"]>[1]): void {
    super.initialize(attributes, options);
    registerLiveModel(this);
  }
}

/** A kind's model state defaults: module names and versions, its default options, no selection and no tables yet. */
export function kindDefaults(kind: WidgetKind): Record<string, unknown> {
  const descriptor = descriptorOf(kind);
  const defaults: Record<string, unknown> = {
    _model_name: `${kind}Model`,
    _model_module: moduleName,
    _model_module_version: moduleVersion,
    _view_name: `${kind}View`,
    _view_module: moduleName,
    _view_module_version: moduleVersion,
    options: { ...descriptor.defaultOptions },
    selection: null,
  };
  for (const name of descriptor.arrowAttributes) defaults[name] = null;
  return defaults;
}

/** Serializers for a kind's Arrow attributes plus the selection model reference. */
export function kindSerializers(kind: WidgetKind): ISerializers {
  const serializers: ISerializers = { ...DOMWidgetModel.serializers, selection: { deserialize: unpack_models } };
  for (const name of descriptorOf(kind).arrowAttributes) serializers[name] = arrowBytesSerializer;
  return serializers;
}

/**
 * A base view: theme root, selection wiring, one mounted panel (the kind's mount) redrawn when the
 * data or the options change, failures shown as a message.
 */
export abstract class SlicewiseView extends DOMWidgetView {
  /** Mounted panels subscribe to it themselves. */
  protected selection!: SelectionSource;
  private panel: Panel | null = null;

  /** The kind this view draws. */
  protected abstract get kind(): WidgetKind;

  /** The binary Arrow attributes this view draws from. */
  private get dataAttributes(): readonly string[] {
    return descriptorOf(this.kind).arrowAttributes;
  }

  /** Mounts the kind's panel from the model's state, or shows a state message and returns null. */
  private mount(): Panel | null {
    const tables: WidgetTables = {};
    for (const name of descriptorOf(this.kind).arrowAttributes) tables[name] = tableOf(this.model.get(name));
    return browserWidgets[this.kind].mountOrExplain(this.el, tables, this.model.get("options") ?? {}, this.selection);
  }

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
