// A widget manager small enough to read: models by id (so `IPY_MODEL_<id>` references resolve),
// models made from serialized state as a kernel's comm_open would, views created and shown the
// way JupyterLab shows them (a lumino attach, which fires `displayed`), and a comm that records
// what the front end sends.
import type { DOMWidgetView, ICallbacks, IClassicComm, IModelOptions, IWidgetManager, IWidgetOptions, WidgetModel, WidgetView } from "@jupyter-widgets/base";
import { Widget } from "@lumino/widgets";
import * as slicewise from "../../../src/widgets/index";

type ModelClass = (new (
  attributes: Record<string, unknown>,
  options: { model_id: string; widget_manager: IWidgetManager; comm?: IClassicComm },
) => WidgetModel) & {
  _deserialize_state(state: Record<string, unknown>, manager: IWidgetManager): Promise<Record<string, unknown>>;
};
type ViewClass = new (options: { model: WidgetModel; options?: unknown }) => WidgetView;

/** A comm whose messages are kept in `sent`; `receive` plays a kernel message into the model. */
export class FakeComm implements IClassicComm {
  readonly target_name = "jupyter.widget";
  readonly sent: { data: unknown; buffers: ArrayBuffer[] | ArrayBufferView[] | undefined }[] = [];
  private onMessage: ((message: unknown) => void) | null = null;
  private messages = 0;
  private readonly waiting: ICallbacks[] = [];

  constructor(readonly comm_id: string) {}

  open(): string {
    return `open-${this.comm_id}`;
  }

  send(data: unknown, callbacks?: unknown, _metadata?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): string {
    this.sent.push({ data, buffers });
    if (callbacks) this.waiting.push(callbacks as ICallbacks);
    return `message-${++this.messages}`;
  }

  /** The kernel goes idle after the messages sent so far, as ipykernel's status says: ipywidgets sends what it held back meanwhile. */
  idle(): void {
    for (const callbacks of this.waiting.splice(0)) callbacks.iopub?.status?.({ content: { execution_state: "idle" } } as never);
  }

  close(): string {
    return `close-${this.comm_id}`;
  }

  on_msg(callback: (message: unknown) => void): void {
    this.onMessage = callback;
  }

  on_close(): void {}

  /** Delivers a kernel → front-end comm_msg (what `Deno.jupyter.broadcast("comm_msg", …)` sends). */
  async receive(data: { method: string; state?: Record<string, unknown>; buffer_paths?: (string | number)[][] }, buffers: DataView[] = []): Promise<void> {
    await this.onMessage?.({ content: { comm_id: this.comm_id, data }, buffers, parent_header: {} });
  }
}

export class FakeWidgetManager implements IWidgetManager {
  private readonly models = new Map<string, Promise<WidgetModel>>();
  private nextId = 0;

  /** Modules by name, each a map of class names, as a widget registry would hold them. */
  constructor(private readonly modules: Record<string, Record<string, unknown>> = { slicewise }) {}

  get_model(model_id: string): Promise<WidgetModel> {
    return this.models.get(model_id) ?? Promise.reject(new Error(`widget model not found: ${model_id}`));
  }

  has_model(model_id: string): boolean {
    return this.models.has(model_id);
  }

  register_model(model_id: string, modelPromise: Promise<WidgetModel>): void {
    this.models.set(model_id, modelPromise);
  }

  /** A model from the wire state a kernel sends (buffers already in place as DataViews): deserialized, then constructed. */
  async new_model(options: IModelOptions, serialized_state: Record<string, unknown> = {}): Promise<WidgetModel> {
    const model_id = options.model_id ?? `model-${++this.nextId}`;
    const Model = this.classOf(options.model_module, options.model_name) as ModelClass;
    const made = Model._deserialize_state(serialized_state, this).then((state) => new Model(state, { model_id, widget_manager: this, comm: options.comm }));
    this.register_model(model_id, made);
    return made;
  }

  new_widget(options: IWidgetOptions, serialized_state?: Record<string, unknown>): Promise<WidgetModel> {
    return this.new_model(options, serialized_state);
  }

  /** Shorthand for `new_model` with a slicewise model name. */
  model<M extends WidgetModel = WidgetModel>(model_name: string, state: Record<string, unknown> = {}, model_id?: string, comm?: IClassicComm): Promise<M> {
    return this.new_model({ model_name, model_module: "slicewise", model_module_version: slicewise.moduleVersion, model_id, comm }, state) as Promise<M>;
  }

  create_view<VT extends WidgetView = WidgetView>(model: WidgetModel, options: unknown = {}): Promise<VT> {
    const View = this.classOf(model.get("_view_module"), model.get("_view_name")) as ViewClass;
    const view = new View({ model, options }) as VT;
    const shown = Promise.resolve(view.render()).then(() => view);
    model.views ??= Object.create(null);
    model.views![view.cid] = shown;
    view.once("remove", () => delete model.views?.[view.cid]);
    return shown;
  }

  /** Shows a view as JupyterLab does: its lumino widget attached to a host in the document. */
  display_view(view: DOMWidgetView, host: HTMLElement = document.body): DOMWidgetView {
    Widget.attach(view.luminoWidget, host);
    return view;
  }

  callbacks(): ICallbacks {
    return {};
  }

  resolveUrl(url: string): Promise<string> {
    return Promise.resolve(url);
  }

  inline_sanitize(s: string): string {
    return s;
  }

  private classOf(module: string, name: string): unknown {
    const found = this.modules[module]?.[name];
    if (typeof found !== "function") throw new Error(`no class ${name} in module ${module}`);
    return found;
  }
}
