// The browser half of a widget kind: how it draws in an element from its tables, paired with the
// descriptor that declares the kind. The ipywidgets views and the standalone runtime mount through it.
import { StateMessage, renderStateMessage } from "../../charts/stateMessage";
import type { SelectionSource } from "../linkedSelection";
import type { Panel } from "../panels";
import type { KernelSaver } from "../slicerSave";
import { ArrowAttributeName, TablesWith, WidgetDescriptor, WidgetTables, hasTables } from "./widgetDescriptor";

/**
 * What the page's host offers a mounted widget beyond its state: a way back to the kernel. An
 * ipywidgets view gives both (a Python kernel hears them; Deno's drops front-end messages); the
 * standalone runtime gives none.
 */
export type SamplesChosen = (rows: number[], idFields: string[]) => void;

export interface WidgetHost {
  /** Saves slices through the kernel, which answers with the saved version (the Slicer, when its options ask for it). */
  kernelSave?: KernelSaver;
  /** The person opened these samples (row indexes of the samples table, as given; their ids are read from `idFields`): the gallery's selection. */
  samplesChosen?: SamplesChosen;
}

export interface WidgetMount<Required extends ArrowAttributeName> {
  /** What a view shows instead of the widget when a table it requires is missing. */
  missing?: StateMessage;
  /** Draws the widget in `element`, linked to `selection`; `options` come from widget state (JSON). */
  mount(element: HTMLElement, tables: TablesWith<Required>, options: Record<string, unknown>, selection: SelectionSource, host?: WidgetHost): Panel;
}

/** A declared kind with its mount, checked to agree on the tables it requires. */
export interface BrowserWidget<Kind extends string = string> {
  readonly descriptor: WidgetDescriptor<Kind>;
  /** Mounts the widget; throws, naming the table, when one it requires is missing (the standalone runtime's contract). */
  mount(element: HTMLElement, tables: WidgetTables, options: Record<string, unknown>, selection: SelectionSource, host?: WidgetHost): Panel;
  /** Mounts the widget, or shows in `element` what is missing and returns null (a view's way). */
  mountOrExplain(element: HTMLElement, tables: WidgetTables, options: Record<string, unknown>, selection: SelectionSource, host?: WidgetHost): Panel | null;
}

export function browserWidget<Kind extends string, Required extends ArrowAttributeName>(
  descriptor: WidgetDescriptor<Kind, Required>,
  widgetMount: WidgetMount<Required>,
): BrowserWidget<Kind> {
  const missingTable = (tables: WidgetTables) => descriptor.requiredAttributes.find((name) => tables[name] == null);
  return {
    descriptor,
    mount(element, tables, options, selection, host) {
      if (!hasTables(tables, descriptor.requiredAttributes)) throw new Error(`no ${missingTable(tables)} table was given`);
      return widgetMount.mount(element, tables, options, selection, host);
    },
    mountOrExplain(element, tables, options, selection, host) {
      if (hasTables(tables, descriptor.requiredAttributes)) return widgetMount.mount(element, tables, options, selection, host);
      renderStateMessage(element, widgetMount.missing ?? { title: `No ${missingTable(tables)} to show` });
      return null;
    },
  };
}
