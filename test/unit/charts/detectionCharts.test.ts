/** @jest-environment jsdom */
// The ComparisonChart's detection kinds: precision–recall curves with operating points ("pr") and
// confusion matrices ("confusion") drawn from a hand-made detection-charts table.
import "./jsdomTextCoding";
import { DetectionChartRow, detectionChartsTableFromRows } from "../../../src/core";
import { renderComparisonChart } from "../../../src/charts/comparisonChart";
import { fixtureTable, host } from "./evaluationFixture";

const longClass = "articulated trucks with trailers";
const key = (testCase: [string, string], model: string) => ({
  stratification: testCase[0],
  test_case: testCase[1],
  model,
  metric_group: "detection",
  metric: "AP50",
});
const all: [string, string] = ["dataset", "all"];
const cat: [string, string] = ["label", "cat"];
const none = { recall: null, precision: null, score: null, operating: null, predicted: null, truth: null, count: null };
const point = (testCase: [string, string], model: string, recall: number, precision: number, score: number, operating = false): DetectionChartRow => ({
  ...key(testCase, model),
  ...none,
  chart: "pr",
  recall,
  precision,
  score,
  operating,
});
const cell = (testCase: [string, string], model: string, predicted: string | null, truth: string | null, count: number): DetectionChartRow => ({
  ...key(testCase, model),
  ...none,
  chart: "confusion",
  predicted,
  truth,
  count,
});

function detectionTable() {
  const rows: DetectionChartRow[] = [];
  for (const model of ["base", "large", "small"]) {
    rows.push(point(all, model, 0.25, 1, 0.9), point(all, model, 0.5, 0.8, 0.5), point(all, model, 0.75, 0.6, 0.2));
    rows.push(point(all, model, model === "large" ? 0.5 : 0.25, model === "large" ? 0.8 : 1, model === "large" ? 0.5 : 0.9, true));
    // Base: 5 cats found, 1 cat taken for a dog, 2 cats missed, 3 cat boxes on nothing; a truck found.
    rows.push(cell(all, model, "cat", "cat", 5), cell(all, model, "dog", "cat", 1), cell(all, model, null, "cat", 2), cell(all, model, "cat", null, 3));
    rows.push(cell(all, model, longClass, longClass, 1));
  }
  // On label/cat only two models have a curve.
  for (const model of ["base", "large"]) rows.push(point(cat, model, 0.5, 0.5, 0.4), point(cat, model, 1, 0.5, 0.1), point(cat, model, 1, 0.5, 0.1, true));
  return detectionChartsTableFromRows(rows, {
    dataset: "pets",
    models: ["base", "large", "small"],
    reference: "base",
    metrics: [{ metric_group: "detection", metric: "AP50", iou: 0.5, area: "all", threshold: "f1-optimal", matching: "coco" }],
  });
}

describe('kind "pr"', () => {
  it("draws one curve per model, told apart by line style, on the whole dataset by default", () => {
    const element = host();
    renderComparisonChart(element, fixtureTable(), { kind: "pr", detection: detectionTable(), width: 640 });
    const curves = Array.from(element.querySelectorAll(".sw-pr-curve"));
    expect(curves.map((curve) => curve.getAttribute("data-model"))).toEqual(["base", "large", "small"]);
    expect(curves.map((curve) => curve.getAttribute("data-points"))).toEqual(["3", "3", "3"]);
    const dashes = curves.map((curve) => (curve as SVGElement).style.strokeDasharray);
    expect(new Set(dashes).size).toBe(3);
    expect(element.querySelector(".sw-chart-caption")!.firstChild!.textContent).toBe("dataset: all — AP50 · IoU ≥ 0.5 · F1-optimal threshold");
  });

  it("marks the operating point where its recall and precision put it, with its figures in its title", () => {
    const element = host();
    renderComparisonChart(element, fixtureTable(), { kind: "pr", detection: detectionTable(), width: 640 });
    const marker = element.querySelector('.sw-operating-point[data-model="large"]')!;
    // The plot is 520 px square from x 52; its top is below the caption (24) and one legend row (18) and 10 px: 52.
    // Recall 0.5 → 52 + 260 = 312; precision 0.8 → 52 + 520 − 416 = 156.
    const [x, y] = marker
      .getAttribute("transform")!
      .match(/translate\(([^,]+),([^)]+)\)/)!
      .slice(1)
      .map(Number);
    expect(x).toBeCloseTo(312, 9);
    expect(y).toBeCloseTo(156, 9);
    expect(marker.querySelector("title")!.textContent).toBe("model: large\noperating point: score ≥ 0.5000\nrecall: 0.5000\nprecision: 0.8000");
    expect(element.querySelectorAll(".sw-operating-point")).toHaveLength(3);
  });

  it("follows the selected test case: label/cat has curves for two models only", () => {
    const element = host();
    const chart = renderComparisonChart(element, fixtureTable(), { kind: "pr", detection: detectionTable(), width: 640 });
    chart.update({ selected: { stratification: "label", testCase: "cat" } });
    expect(element.querySelector(".sw-chart-caption")!.textContent).toMatch(/^label: cat — /);
    expect(Array.from(element.querySelectorAll(".sw-pr-curve")).map((curve) => curve.getAttribute("data-model"))).toEqual(["base", "large"]);
    expect(element.querySelector('.sw-legend-item[data-model="small"] text')!.textContent).toBe("small (no curve)");
    chart.update({ selected: null });
    expect(element.querySelector(".sw-chart-caption")!.textContent).toMatch(/^dataset: all — /);
  });

  it("says so when there is no detection metric", () => {
    const element = host();
    renderComparisonChart(element, fixtureTable(), { kind: "pr" });
    expect(element.querySelector(".sw-state strong")!.textContent).toBe("No detection metric to chart");
    expect(element.querySelector("svg")).toBeNull();
  });

  it("exports as SVG with the theme's literal colours", () => {
    const element = host();
    const chart = renderComparisonChart(element, fixtureTable(), { kind: "pr", detection: detectionTable(), theme: "dark" });
    const svg = chart.toSVG();
    expect(svg).toContain("sw-pr-curve");
    expect(svg).not.toContain("var(");
    expect(svg).toContain('fill="#0d1117"');
  });
});

describe('kind "confusion"', () => {
  const draw = () => {
    const element = host();
    renderComparisonChart(element, fixtureTable(), { kind: "confusion", detection: detectionTable(), width: 900 });
    return element;
  };
  const matrix = (element: HTMLElement, model: string) => element.querySelector(`.sw-confusion-matrix[data-model="${model}"]`)!;
  const text = (matrix: Element, predicted: string, truth: string) =>
    matrix.querySelector(`.sw-confusion-cell[data-predicted="${predicted}"][data-truth="${truth}"] text`)!.textContent;

  it("draws a matrix per model: rows predicted with a missed row, columns the truth with a hallucinated column", () => {
    const element = draw();
    expect(element.querySelectorAll(".sw-confusion-matrix")).toHaveLength(3);
    const base = matrix(element, "base");
    expect(Array.from(base.querySelectorAll(".sw-row-header title")).map((title) => title.textContent)).toEqual([
      // Alphabetical: "articulated …" first.
      `predicted ${longClass}`,
      "predicted cat",
      "predicted dog",
      "missed: objects no box found",
    ]);
    expect(Array.from(base.querySelectorAll(".sw-column-header title")).map((title) => title.textContent)).toEqual([
      `ground truth ${longClass}`,
      "ground truth cat",
      "ground truth dog",
      "hallucinated: predicted boxes on no object",
    ]);
    // 4 × 4 less the cell that would be both missed and hallucinated.
    expect(base.querySelectorAll(".sw-confusion-cell")).toHaveLength(15);
  });

  it("writes each count in its cell and leaves zeros blank", () => {
    const base = matrix(draw(), "base");
    expect(text(base, "cat", "cat")).toBe("5");
    expect(text(base, "dog", "cat")).toBe("1");
    expect(text(base, "", "cat")).toBe("2");
    expect(text(base, "cat", "")).toBe("3");
    expect(text(base, "dog", "dog")).toBe("");
    expect(base.querySelector('.sw-confusion-cell[data-predicted="dog"][data-truth="cat"] title')!.textContent).toBe(
      "model: base\nconfused: 1 of 8 objects cat predicted as dog",
    );
  });

  it("cuts a long class name to fit, keeping the whole name in its title", () => {
    const base = matrix(draw(), "base");
    const header = base.querySelectorAll(".sw-row-header")[0];
    expect(header.firstChild!.textContent!.endsWith("…")).toBe(true);
    expect(header.querySelector("title")!.textContent).toBe(`predicted ${longClass}`);
  });
});

describe('kind "confusion" in its container', () => {
  /** Ten digit classes for three models: each digit found twice, taken once for the next digit, missed once; one box on nothing. */
  function digitsTable() {
    const rows: DetectionChartRow[] = [];
    for (const model of ["base", "large", "small"])
      for (let digit = 0; digit < 10; digit++) {
        const label = String(digit);
        rows.push(
          cell(all, model, label, label, 2),
          cell(all, model, String((digit + 1) % 10), label, 1),
          cell(all, model, null, label, 1),
          cell(all, model, label, null, 1),
        );
      }
    return detectionChartsTableFromRows(rows, {
      dataset: "scenes",
      models: ["base", "large", "small"],
      reference: "base",
      metrics: [{ metric_group: "detection", metric: "AP50", iou: 0.5, area: "all", threshold: "f1-optimal", matching: "coco" }],
    });
  }
  const drawAt = (width: number, detection = digitsTable()) => {
    const element = host();
    renderComparisonChart(element, fixtureTable(), { kind: "confusion", detection, width });
    return element;
  };
  const columnsOf = (element: HTMLElement) =>
    new Set(Array.from(element.querySelectorAll(".sw-confusion-matrix")).map((matrix) => matrix.getAttribute("transform")!.split(",")[0])).size;

  it("fits eleven columns of matrices in the width it is given, two side by side where they fit", () => {
    for (const width of [900, 800, 700, 560, 480]) {
      const element = drawAt(width);
      expect(element.querySelectorAll(".sw-confusion-matrix")).toHaveLength(3);
      expect(element.querySelector(".sw-confusion-matrix")!.querySelectorAll(".sw-column-header")).toHaveLength(11);
      expect(Number(element.querySelector("svg")!.getAttribute("width"))).toBe(width);
    }
    expect(columnsOf(drawAt(900))).toBe(2);
    expect(columnsOf(drawAt(480))).toBe(1);
  });

  it("is a region named like the chart that the keyboard reaches, since its cells take no focus", () => {
    const container = drawAt(900, detectionTable()).querySelector(".sw-comparison-chart")!;
    expect(container.getAttribute("tabindex")).toBe("0");
    expect(container.getAttribute("role")).toBe("region");
    expect(container.getAttribute("aria-label")).toBe("Confusion matrices of base, large, small on dataset: all");
  });
});
