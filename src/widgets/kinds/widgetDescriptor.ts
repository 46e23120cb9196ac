// What a widget kind declares for every host: its name (which names its model and view), the
// Arrow attributes its state carries, and how it reads where no script runs. Tier-neutral: the
// kernel, reports and exports read it without a DOM; the front end keys its mounts by its kind.
import type { Table } from "apache-arrow";

/** The binary attributes a widget's state may carry, as Arrow IPC bytes. */
export const arrowAttributeNames = ["results", "samples", "history", "detection", "projection"] as const;
export type ArrowAttributeName = (typeof arrowAttributeNames)[number];

/** A widget's tables by attribute; absent or null where it was given none. */
export type WidgetTables = { [Name in ArrowAttributeName]?: Table | null };

/** A widget's tables with the ones it requires present. */
export type TablesWith<Required extends ArrowAttributeName> = WidgetTables & { [Name in Required]: Table };

/** The static renderers a fallback composes; src/export provides them (charts drawn on jsdom). */
export interface StaticRenderers {
  /** The evaluation table as plain HTML. */
  evaluationTable(results: Table): string;
  /** The first samples as HTML cards. */
  gallery(samples: Table): string;
  /** This widget's picture as a standalone SVG (`WidgetDescriptor.picture`). */
  picture(): string;
}

/** A chart drawn in an element, whose standalone SVG is the picture. */
export interface DrawnChart {
  toSVG(): string;
  destroy(): void;
}

/** How a widget draws as one standalone SVG (toSVG, toPNG, and the chart in its static HTML). */
export interface WidgetPicture {
  /** The table it is drawn from. */
  table: ArrowAttributeName;
  /** What that table is called when it is missing ("this History has no history table to draw"). */
  tableNoun: string;
  /** Draws it in `element` (a jsdom one outside the browser) from the widget's options, less `selection` and `fallback`; `tables` are all the widget's. */
  draw(element: HTMLElement, table: Table, options: Record<string, unknown>, tables: WidgetTables): DrawnChart;
}

export interface WidgetDescriptor<Kind extends string = string, Required extends ArrowAttributeName = ArrowAttributeName> {
  /** The widget's name: its model is `${kind}Model`, its view `${kind}View`. */
  kind: Kind;
  /** Its name in the standalone runtime and in a report's data blocks (`slicewise.metricsTable(element, data)`). */
  runtimeName: string;
  /** The Arrow attributes its state carries, in the order the kernel sends them. */
  arrowAttributes: readonly ArrowAttributeName[];
  /** The attributes it cannot draw without (a dashboard draws a message of its own instead). */
  requiredAttributes: readonly Required[];
  /** The options its model starts from. */
  defaultOptions: Readonly<Record<string, unknown>>;
  picture: WidgetPicture;
  /** The static HTML parts shown where no widget runs (GitHub, nbviewer, nbconvert); none when it has nothing to show. */
  staticHtml(tables: WidgetTables, render: StaticRenderers): string[];
}

/** Declares a widget kind, keeping its kind and required attributes as literal types. */
export function defineWidget<const Kind extends string, const Required extends ArrowAttributeName = never>(
  descriptor: WidgetDescriptor<Kind, Required>,
): WidgetDescriptor<Kind, Required> {
  return descriptor;
}

/** Whether every table `required` names is present. */
export function hasTables<Required extends ArrowAttributeName>(tables: WidgetTables, required: readonly Required[]): tables is TablesWith<Required> {
  return required.every((name) => tables[name] != null);
}
