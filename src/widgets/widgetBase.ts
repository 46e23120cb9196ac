// What every slicewise widget shares: the module's names and versions, Arrow attributes with
// exact-byte serializers, a model that announces itself to the page's output renderer, the
// selection it links to (a name shared on the page, or a SelectionModel), the theme root, and a
// view that turns a failure into a message instead of a blank output. What differs by kind comes
// from the kind's descriptor and mount (src/widgets/kinds).
import { DOMWidgetModel, DOMWidgetView, ISerializers, WidgetModel, unpack_models } from "@jupyter-widgets/base";
import type { JSONObject } from "@lumino/coreutils";
import { renderStateMessage } from "../charts/stateMessage";
import { moduleName, moduleVersion } from "../core/widgetModule";
import { arrowBytesSerializer, tableOf } from "./arrowBytes";
import { WidgetKind, descriptorOf } from "./kinds/descriptors";
import { browserWidgets } from "./kinds/mounts";
import type { WidgetTables } from "./kinds/widgetDescriptor";
import type { WidgetHost } from "./kinds/widgetMount";
import { linkedSelection } from "./linkGroups";
import { SelectionSource, localSelection, selectionOfModel } from "./linkedSelection";
import type { TestCaseSelection } from "./selectionStore";
import type { KernelSaver, SaveOutcome, SliceAddition } from "./slicerSave";
import { registerLiveModel } from "./liveModels";
import type { Panel } from "./panels";
import { injectStyles } from "./styles";

/** A test case as widget state carries it (`selected_test_case`, and SelectionModel's `test_case`). */
type WireTestCase = { stratification: string; test_case: string } | null;

const testCaseToWire = (selected: TestCaseSelection | null): WireTestCase =>
  selected ? { stratification: selected.stratification, test_case: selected.testCase } : null;
const testCaseFromWire = (wire: WireTestCase): TestCaseSelection | null =>
  wire && typeof wire.stratification === "string" && typeof wire.test_case === "string"
    ? { stratification: wire.stratification, testCase: wire.test_case }
    : null;

/**
 * The model every slicewise widget extends: registered as live on the page once constructed. A
 * kernel's `selected_test_case` reaches its link group from here, so a model with no view on the
 * page (made in Python, never displayed) still selects in the widgets that are shown.
 */
export abstract class SlicewiseModel extends DOMWidgetModel {
  override initialize(attributes: Record<string, unknown>, options: Parameters<DOMWidgetModel["initialize"]>[1]): void {
    super.initialize(attributes, options);
    registerLiveModel(this);
    const selectInGroup = () => {
      const link = this.get("selection") as unknown;
      if (typeof link === "string") linkedSelection(this.widget_manager, link).set(testCaseFromWire((this.get("selected_test_case") as WireTestCase) ?? null));
    };
    if (testCaseFromWire((this.get("selected_test_case") as WireTestCase) ?? null)) selectInGroup();
    this.on("change:selected_test_case", (_model: unknown, _value: unknown, changeOptions?: { fromView?: boolean }) => {
      if (!changeOptions?.fromView) selectInGroup();
    });
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
    // Written by the view for a kernel that listens (Python); Deno's kernel drops them.
    selected_test_case: null,
    selected_samples: null,
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

/** A kernel's answer to a view's `save_slices` message (the Python Slicer sends one per request). */
type SaveAnswer =
  | { type: "save_slices_result"; request: string; version: number; renamed: [string, string][]; added: number }
  | { type: "save_slices_error"; request: string; message: string };

let saveRequests = 0;

/**
 * A base view: theme root, selection wiring, one mounted panel (the kind's mount) redrawn when the
 * data or the options change, failures shown as a message.
 *
 * Both ways: the view writes what the person chose into its model — `selected_test_case`
 * (`{stratification, test_case}` or null: the linked selection, written by every view of the
 * link group, so each linked model carries it) and `selected_samples` (`{rows, id_fields}`: the
 * samples opened in a gallery) — and saves them when the comm is live. A kernel that listens
 * (Python's ipywidgets) updates its objects; Deno's kernel drops the messages. A kernel that sets
 * `selected_test_case` selects that test case in the whole link group.
 */
export abstract class SlicewiseView extends DOMWidgetView {
  /** Mounted panels subscribe to it themselves. */
  protected selection!: SelectionSource;
  private panel: Panel | null = null;
  private stopWritingBack: (() => void) | null = null;
  private readonly pendingSaves = new Map<string, { resolve: (outcome: SaveOutcome) => void; reject: (error: Error) => void }>();

  /** Saving through the kernel: a `save_slices` message, answered by `save_slices_result` or `save_slices_error`. */
  private readonly kernelSaver: KernelSaver = {
    label: "the kernel",
    save: (dataset: string, addition: SliceAddition) =>
      new Promise<SaveOutcome>((resolve, reject) => {
        if (!this.model.comm_live) {
          reject(new Error("the kernel is not connected; re-run the cell that made this Slicer"));
          return;
        }
        const request = `save-${Date.now().toString(36)}-${++saveRequests}`;
        this.pendingSaves.set(request, { resolve, reject });
        // JSON by construction: a quality standard's stratifications and test cases.
        this.model.send({ type: "save_slices", request, dataset, addition: addition as unknown as JSONObject }, {});
      }),
  };

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
    return browserWidgets[this.kind].mountOrExplain(this.el, tables, this.model.get("options") ?? {}, this.selection, this.host());
  }

  /** The way back to the kernel the mounted panel may use. */
  private host(): WidgetHost {
    return {
      kernelSave: this.kernelSaver,
      samplesChosen: (rows, idFields) => this.writeBack("selected_samples", { rows, id_fields: idFields }),
    };
  }

  /** Sets a state key the front end owns and sends it to a kernel that listens; unchanged values send nothing. */
  private writeBack(key: string, value: unknown): void {
    if (JSON.stringify(this.model.get(key) ?? null) === JSON.stringify(value)) return;
    // Marked as a view's: other views of an unlinked model keep their own selection.
    this.model.set(key, value, { fromView: true });
    if (this.model.comm_live) this.model.save_changes();
  }

  /** The kernel set `selected_test_case` (Python's `widget.selection = …`): the link group follows. */
  private selectFromKernel(): void {
    const wanted = testCaseFromWire((this.model.get("selected_test_case") as WireTestCase) ?? null);
    const current = this.selection.value;
    const same = wanted === current || (wanted && current && wanted.stratification === current.stratification && wanted.testCase === current.testCase);
    if (!same) this.selection.set(wanted);
  }

  private answerSave(content: unknown): void {
    const answer = content as SaveAnswer;
    if (!answer || typeof answer !== "object" || typeof answer.request !== "string") return;
    const pending = this.pendingSaves.get(answer.request);
    if (!pending) return;
    this.pendingSaves.delete(answer.request);
    if (answer.type === "save_slices_result") pending.resolve({ version: answer.version, renamed: answer.renamed ?? [], added: answer.added });
    else if (answer.type === "save_slices_error") pending.reject(new Error(answer.message));
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
    this.listenTo(this.model, "change:selected_test_case", (_model: unknown, _value: unknown, options?: { fromView?: boolean }) => {
      if (!options?.fromView) this.selectFromKernel();
    });
    this.listenTo(this.model, "msg:custom", (content: unknown) => this.answerSave(content));
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
    this.stopWritingBack?.();
    this.stopWritingBack = this.selection.subscribe((selected) => this.writeBack("selected_test_case", testCaseToWire(selected)));
    // The kernel's selection (set in Python, or kept there across a reload) wins; else the group's goes to the kernel.
    if (testCaseFromWire((this.model.get("selected_test_case") as WireTestCase) ?? null)) this.selectFromKernel();
    else if (this.selection.value) this.writeBack("selected_test_case", testCaseToWire(this.selection.value));
  }

  override remove(): void {
    this.stopWritingBack?.();
    this.stopWritingBack = null;
    this.panel?.destroy();
    super.remove();
  }
}
