// What `metricsTable(...)`, `comparisonChart(...)`, `sampleGallery(...)` and `dashboard(...)`
// return: in Deno's Jupyter kernel it displays itself as a live widget (with a static HTML
// fallback for GitHub, nbviewer and nbconvert); anywhere it renders to HTML, SVG or PNG.
import { writeFileSync } from "node:fs";
import { Table, tableFromIPC } from "apache-arrow";
import { SlicewiseError, SlicewiseViewData, slicewiseShownMimeType, slicewiseViewMimeType } from "../core";
import { svgToPng } from "../export/chartImage";
import { escapeHtml } from "../export/escapeHtml";
import { widgetPictureSvg, widgetStaticHtml } from "../export/staticWidget";
import { WidgetKind, descriptorOf } from "../widgets/kinds/descriptors";
import { ArrowAttributeName, WidgetDescriptor, WidgetTables, arrowAttributeNames } from "../widgets/kinds/widgetDescriptor";
import { jupyterKernel, settle } from "./denoKernel";
import { ArrowAttribute, WidgetComm } from "./widgetComm";
import { SelectionHandle, defaultSelection } from "./selectionHandle";

export type { WidgetKind };

/** A widget's tables, as Arrow tables or IPC bytes. */
export type WidgetData = { [Name in ArrowAttributeName]?: Table | Uint8Array | null };

export interface WidgetOptions {
  /** Link to other widgets through this selection; default: the notebook's shared one; null: none. */
  selection?: SelectionHandle | null;
  /** Include the static HTML fallback in the display (default true). */
  fallback?: boolean;
  [option: string]: unknown;
}

export const displaySymbol = Symbol.for("Jupyter.display");

const asTable = (value: Table | Uint8Array | null | undefined): Table | null => (value == null ? null : value instanceof Table ? value : tableFromIPC(value));

export class WidgetHandle {
  readonly kind: WidgetKind;
  private readonly descriptor: WidgetDescriptor<WidgetKind>;
  private data: WidgetData;
  private options: WidgetOptions;
  /** One model per display; update() reaches every one of them. */
  private readonly comms: WidgetComm[] = [];

  constructor(kind: WidgetKind, data: WidgetData, options: WidgetOptions = {}) {
    this.kind = kind;
    this.descriptor = descriptorOf(kind);
    this.data = data;
    this.options = options;
  }

  /**
   * The cell's last expression in Deno's kernel: displays the widget while the cell still runs,
   * then returns a result that only says so. Deno 2.9 can send a cell's result after it reports
   * the cell idle — under the next cell, or never, for nbclient (iopubFlush.ts says why): the
   * widget goes out as display_data, and the cell ends only once it has left (settle()). The
   * slicewise extension hides the result's row in JupyterLab and Notebook 7
   * (`slicewiseShownMimeType`); elsewhere it is an empty line of text.
   */
  async [displaySymbol](): Promise<Record<string, unknown>> {
    if (!jupyterKernel()) return this.bundle();
    const modelId = await this.display();
    return { "text/plain": "", [slicewiseShownMimeType]: { model_id: modelId } };
  }

  /** Shows the widget now (mid-cell), not only as the cell's result; returns the id of the model it opened. */
  async display(): Promise<string> {
    const kernel = jupyterKernel();
    if (!kernel)
      throw new SlicewiseError("bad_request", "display() needs Deno's Jupyter kernel; outside a notebook use toHTML(), toSVG(), toPNG() or save(path)");
    const bundle = await this.bundle();
    await kernel.broadcast("display_data", { data: bundle, metadata: {}, transient: {} });
    await settle(kernel);
    return (bundle[slicewiseViewMimeType] as SlicewiseViewData).model_id;
  }

  /** Sends new data or options to every view of this widget (e.g. after new results arrive). */
  async update(change: WidgetData & { options?: WidgetOptions }): Promise<void> {
    // Any table given is kept and sent, whether or not this kind draws it.
    const arrow: Record<string, ArrowAttribute> = {};
    for (const name of arrowAttributeNames) {
      const table = change[name];
      if (table === undefined) continue;
      this.data = { ...this.data, [name]: table };
      arrow[name] = table;
    }
    if (change.options !== undefined) this.options = { ...this.options, ...change.options };
    const open = this.comms.filter((comm) => comm.isOpen);
    if (open.length === 0) return;
    for (const comm of open) await comm.update(change.options !== undefined ? { options: this.wireOptions() } : {}, arrow);
    const kernel = jupyterKernel();
    if (kernel) await settle(kernel);
  }

  /** Static HTML: the table as HTML, charts as inline SVG, the first samples as cards. */
  toHTML(): string {
    return widgetStaticHtml(this.descriptor, this.tables(), this.wireOptions());
  }

  /** The comparison chart (or, for a table or dashboard, its delta chart) as a standalone SVG. */
  toSVG(): string {
    return widgetPictureSvg(this.descriptor, this.tables(), this.wireOptions());
  }

  toPNG(scale = 2): Uint8Array {
    return svgToPng(this.toSVG(), scale);
  }

  /** Writes .html, .svg or .png, by the path's extension. */
  save(path: string): string {
    const lower = path.toLowerCase();
    if (lower.endsWith(".svg")) writeFileSync(path, this.toSVG());
    else if (lower.endsWith(".png")) writeFileSync(path, this.toPNG());
    else if (lower.endsWith(".html") || lower.endsWith(".htm"))
      writeFileSync(path, `<!doctype html><meta charset="utf-8"><title>${escapeHtml(this.kind)}</title>${this.toHTML()}`);
    else throw new SlicewiseError("bad_request", `save() writes .html, .svg or .png files; "${path}" is none of them`);
    return path;
  }

  private tables(): WidgetTables {
    const tables: WidgetTables = {};
    for (const name of arrowAttributeNames) tables[name] = asTable(this.data[name]);
    return tables;
  }

  private summary(): string {
    const { results, samples, history, projection } = this.tables();
    const parts = [
      results ? `${results.numRows} evaluation rows` : "",
      samples ? `${samples.numRows} samples` : "",
      history ? `${history.numRows} history rows` : "",
      projection ? `${projection.numRows} projected points` : "",
    ].filter(Boolean);
    return `slicewise ${this.kind}${parts.length ? ` (${parts.join(", ")})` : ""}`;
  }

  private wireOptions(): Record<string, unknown> {
    const { selection: _selection, fallback: _fallback, ...options } = this.options;
    return options;
  }

  /**
   * The static bundle, and in the kernel a live view: every display opens a model of its own, so
   * that a page opened since an earlier display (a reload, a second tab) receives the model its
   * view names. The view's output also carries `slicewiseViewMimeType`, which the slicewise
   * extension renders in preference to ipywidgets' renderer: the widget when its model is on the
   * page, else the static copy — never "model not found".
   */
  private async bundle(): Promise<Record<string, unknown>> {
    const bundle: Record<string, unknown> = { "text/plain": this.summary() };
    if (this.options.fallback !== false) bundle["text/html"] = this.toHTML();
    const kernel = jupyterKernel();
    if (!kernel) return bundle;
    const selection = this.options.selection === undefined ? defaultSelection(kernel) : this.options.selection;
    const comm = new WidgetComm(kernel, `${this.kind}Model`, `${this.kind}View`);
    const arrow: Record<string, ArrowAttribute> = {};
    for (const name of this.descriptor.arrowAttributes) arrow[name] = this.data[name] ?? null;
    await comm.open({ options: this.wireOptions(), selection: selection ? selection.name : null }, arrow);
    this.comms.push(comm);
    // The model reaches the front end before the view that names it: the kernel publishes
    // broadcasts in order, and display() waits for both to leave (settle()).
    return { ...bundle, ...comm.viewBundle(), [slicewiseViewMimeType]: { model_id: comm.id, kind: this.kind } satisfies SlicewiseViewData };
  }
}
