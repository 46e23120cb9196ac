// The shell every chart is drawn in: container, options, selection, click and keyboard choice, tooltip,
// update, export, destroy. A chart only declares how to read its table, what to draw and what its marks say.
import * as d3 from "d3";
import type { Table } from "apache-arrow";
import type { ChartMarks, SvgSelection, TestCaseDatum } from "./chartFrame";
import { ChartTooltip, TooltipLine } from "./chartTooltip";
import { TestCaseKey, testCaseId } from "./evaluationData";
import { ExportTheme, exportSvg } from "./exportSvg";
import { StateMessage, renderStateMessage } from "./stateMessage";

/** The options every chart takes. */
export interface ChartOptions {
  selected?: TestCaseKey | null;
  onSelect?(key: TestCaseKey | null): void;
  /** Default the element's width (640 when it has none, as under jsdom). */
  width?: number;
  /** Colours of toSVG() only; the page follows css/theme.css. */
  theme?: ExportTheme;
}

/** The options every chart takes, defaults applied. */
export interface ResolvedChartOptions {
  selected: TestCaseKey | null;
  onSelect: ((key: TestCaseKey | null) => void) | null;
  width: number;
  theme: ExportTheme;
}

/** Their defaults, applied once: no selection, the element's width (at least 240), the light theme. */
export function chartDefaults(options: ChartOptions, element: HTMLElement): ResolvedChartOptions {
  return {
    selected: options.selected ?? null,
    onSelect: options.onSelect ?? null,
    width: Math.max(240, Math.round(options.width ?? (element.clientWidth || 640))),
    theme: options.theme ?? "light",
  };
}

export interface ChartHandle<Options> {
  /** Redraws with these options merged over the current ones (and a new table if given). */
  update(options: Options, table?: Table): void;
  /** The chart as shown, as a standalone SVG document with literal colours; "" while a state message shows. */
  toSVG(): string;
  destroy(): void;
}

/** An element under the pointer or the focus that stands for a test case, with its datum. */
export interface ChartHit {
  element: Element;
  datum: TestCaseDatum;
}

/** A tooltip to show from the keyboard: its lines (null hides it) and where, in the container's coordinates. */
export interface FocusTooltip {
  lines: TooltipLine[] | null;
  x: number;
  y: number;
}

export interface ChartDefinition<Options, Resolved extends ResolvedChartOptions, Data, Input> {
  /** Class of the container the chart is drawn in. */
  className: string;
  read(table: Table): Data;
  /** Every option's default, applied once. */
  defaults(options: Options, element: HTMLElement): Resolved;
  /** What to draw, or the message that says why nothing can be. */
  input(data: Data, options: Resolved): Input | StateMessage;
  /** The data's test cases, by index: what a selection key is looked up in. */
  testCases(data: Data): readonly TestCaseKey[];
  draw(svg: SvgSelection, input: Input, options: Resolved): ChartMarks;
  /** Elements that a click, Enter or Space chooses (those that take the focus for the keyboard). */
  choosable: string;
  /** Elements whose figures show in a tooltip under the pointer. */
  hoverable: string;
  /** The hover tooltip's lines, or null for none. */
  hoverLines(hit: ChartHit, input: Input, options: Resolved): TooltipLine[] | null;
  /** The tooltip of a choosable element that took the keyboard focus, or null to leave the tooltip as it is. */
  focusTooltip(hit: ChartHit, input: Input, options: Resolved): FocusTooltip | null;
  /** Sizes the container once drawn; input is null while a state message shows. */
  fit?(container: HTMLElement, input: Input | null, options: Resolved): void;
}

const isTestCaseDatum = (datum: unknown): datum is TestCaseDatum =>
  typeof datum === "object" && datum !== null && "testCase" in datum && typeof datum.testCase === "number";

/** Draws the chart in a new container appended to element, and keeps it interactive until destroyed. */
export function mountChart<Options extends ChartOptions, Resolved extends ResolvedChartOptions, Data, Input>(
  chart: ChartDefinition<Options, Resolved, Data, Input>,
  element: HTMLElement,
  table: Table,
  options: Options,
): ChartHandle<Options> {
  const container = element.ownerDocument.createElement("div");
  container.className = chart.className;
  container.style.position = "relative";
  element.append(container);

  let data = chart.read(table);
  let given: Options = { ...options };
  let resolved = chart.defaults(given, element);
  let svgNode: SVGSVGElement | null = null;
  let marks: ChartMarks | null = null;
  let selectedIndex: number | null = null;

  const indexOf = (key: TestCaseKey | null): number | null => {
    if (!key) return null;
    const id = testCaseId(key);
    const index = chart.testCases(data).findIndex((testCase) => testCaseId(testCase) === id);
    return index < 0 ? null : index;
  };

  const hit = (target: EventTarget | null, selector: string): ChartHit | null => {
    const found = target instanceof Element ? target.closest(selector) : null;
    if (!found || !svgNode?.contains(found)) return null;
    const datum: unknown = d3.select(found).datum();
    return isTestCaseDatum(datum) ? { element: found, datum } : null;
  };

  const choose = (testCase: number) => {
    const next = selectedIndex === testCase ? null : testCase;
    const key = next === null ? null : { ...chart.testCases(data)[next] };
    selectedIndex = next;
    // Later updates keep the selection unless they set one.
    given = { ...given, selected: key };
    resolved = { ...resolved, selected: key };
    marks?.select(next);
    resolved.onSelect?.(key === null ? null : { ...key });
  };

  const pointer = (event: MouseEvent): [number, number] => {
    const box = container.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };

  function draw(): void {
    svgNode = null;
    marks = null;
    const chosen = chart.input(data, resolved);
    if (isStateMessage(chosen)) {
      renderStateMessage(container, chosen);
      chart.fit?.(container, null, resolved);
      return;
    }
    const shown = chosen;
    container.replaceChildren();
    const svg = d3.select(container).append("svg");
    svgNode = svg.node();
    const drawn = chart.draw(svg, shown, resolved);
    marks = drawn;
    const tip = new ChartTooltip(container);
    chart.fit?.(container, shown, resolved);

    svg.on("click", (event: MouseEvent) => {
      const chosenHit = hit(event.target, chart.choosable);
      if (chosenHit) choose(chosenHit.datum.testCase);
    });
    svg.on("keydown", (event: KeyboardEvent) => {
      if (event.key === "Escape" && selectedIndex !== null) {
        event.stopPropagation();
        choose(selectedIndex);
        return;
      }
      if (event.key !== "Enter" && event.key !== " ") return;
      const chosenHit = hit(event.target, chart.choosable);
      if (!chosenHit || !chosenHit.element.hasAttribute("tabindex")) return;
      event.preventDefault();
      event.stopPropagation();
      choose(chosenHit.datum.testCase);
    });
    svg.on("mouseover", (event: MouseEvent) => {
      const hovered = hit(event.target, chart.hoverable);
      const lines = hovered ? chart.hoverLines(hovered, shown, resolved) : null;
      if (lines) tip.show(lines, ...pointer(event));
      else tip.hide();
    });
    svg.on("mousemove", (event: MouseEvent) => tip.follow(...pointer(event)));
    svg.on("mouseleave", () => tip.hide());
    svg.on("focusin", (event: FocusEvent) => {
      const focused = hit(event.target, chart.choosable);
      const shownTooltip = focused ? chart.focusTooltip(focused, shown, resolved) : null;
      if (!shownTooltip) return;
      if (shownTooltip.lines) tip.show(shownTooltip.lines, shownTooltip.x, shownTooltip.y);
      else tip.hide();
    });
    svg.on("focusout", () => tip.hide());

    selectedIndex = indexOf(resolved.selected);
    drawn.select(selectedIndex);
  }

  draw();

  return {
    update(next, nextTable) {
      if (nextTable) data = chart.read(nextTable);
      given = { ...given, ...next };
      resolved = chart.defaults(given, element);
      // A new selection only moves the highlight when it has marks: redrawing would drop the keyboard focus.
      const onlySelection = !nextTable && Object.keys(next).every((key) => key === "selected");
      const index = indexOf(resolved.selected);
      if (onlySelection && marks && !marks.followSelection && (index === null || (marks.shows?.(index) ?? true))) {
        selectedIndex = index;
        marks.select(selectedIndex);
        return;
      }
      draw();
    },
    toSVG() {
      return svgNode ? exportSvg(svgNode, resolved.theme) : "";
    },
    destroy() {
      container.remove();
      svgNode = null;
      marks = null;
    },
  };
}

function isStateMessage<Input>(chosen: Input | StateMessage): chosen is StateMessage {
  return typeof chosen === "object" && chosen !== null && "title" in chosen;
}
