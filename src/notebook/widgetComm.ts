// One widget model on the front end, driven from the kernel: comm_open with its state and Arrow
// buffers (widget protocol 2.1), then comm_msg updates. Where a kernel one day delivers front-end
// messages, this is the object that would receive them (write-back through the comm).
import { Table, tableToIPC } from "apache-arrow";
import { moduleName, moduleVersionRange } from "../core/widgetModule";
import { JupyterBroadcast, exactBuffer, randomId } from "./denoKernel";

export const widgetProtocolVersion = "2.1.0";

export type ArrowAttribute = Table | Uint8Array | null;

/** State split into JSON and the binary buffers the protocol carries beside it. */
export function splitState(
  state: Record<string, unknown>,
  arrow: Record<string, ArrowAttribute>,
): { state: Record<string, unknown>; buffer_paths: string[][]; buffers: Uint8Array[] } {
  const json: Record<string, unknown> = { ...state };
  const buffer_paths: string[][] = [];
  const buffers: Uint8Array[] = [];
  for (const [name, value] of Object.entries(arrow)) {
    if (value === null) {
      json[name] = null;
      continue;
    }
    json[name] = null;
    buffer_paths.push([name]);
    buffers.push(exactBuffer(value instanceof Uint8Array ? value : tableToIPC(value, "stream")));
  }
  return { state: json, buffer_paths, buffers };
}

export class WidgetComm {
  readonly id = randomId();
  private opened = false;

  constructor(
    private readonly kernel: JupyterBroadcast,
    private readonly modelName: string,
    private readonly viewName: string | null,
  ) {}

  get isOpen(): boolean {
    return this.opened;
  }

  /** Opens the model on the front end (once). */
  async open(state: Record<string, unknown>, arrow: Record<string, ArrowAttribute> = {}): Promise<void> {
    if (this.opened) return;
    const names = {
      _model_name: this.modelName,
      _model_module: moduleName,
      _model_module_version: moduleVersionRange,
      _view_name: this.viewName,
      _view_module: this.viewName ? moduleName : null,
      _view_module_version: this.viewName ? moduleVersionRange : "",
    };
    const split = splitState({ ...names, ...state }, arrow);
    await this.kernel.broadcast(
      "comm_open",
      { comm_id: this.id, target_name: "jupyter.widget", data: { state: split.state, buffer_paths: split.buffer_paths } },
      { metadata: { version: widgetProtocolVersion }, buffers: split.buffers },
    );
    this.opened = true;
  }

  /** Sends changed state to every view of the model. */
  async update(state: Record<string, unknown>, arrow: Record<string, ArrowAttribute> = {}): Promise<void> {
    const split = splitState(state, arrow);
    await this.kernel.broadcast(
      "comm_msg",
      { comm_id: this.id, data: { method: "update", state: split.state, buffer_paths: split.buffer_paths } },
      { metadata: { version: widgetProtocolVersion }, buffers: split.buffers },
    );
  }

  /** Closes the model on the front end (its views go with it). */
  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    await this.kernel.broadcast("comm_close", { comm_id: this.id, data: {} });
  }

  /** The mime type a front end renders a view of this model from. */
  viewBundle(): Record<string, unknown> {
    return { "application/vnd.jupyter.widget-view+json": { version_major: 2, version_minor: 1, model_id: this.id } };
  }
}
