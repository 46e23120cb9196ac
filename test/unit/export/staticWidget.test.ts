// A widget where no script runs, from its descriptor: the static HTML parts each kind shows and
// the picture (its chart, or the evaluation's delta chart) as standalone SVG.
import { historyTableFromSteps } from "../../../src/core";
import { widgetPictureSvg, widgetStaticHtml } from "../../../src/export/staticWidget";
import { descriptorOf } from "../../../src/widgets/kinds/descriptors";
import { evaluationRows, evaluationTable, samplesTable } from "../widgets/widgetFixtures";

const results = evaluationTable();
const samples = samplesTable();
const history = historyTableFromSteps([
  { step: "run 1", rows: evaluationRows() },
  { step: "run 2", rows: evaluationRows() },
]);

test("a dashboard's static copy is its table, then the delta chart, then the sample cards", () => {
  const html = widgetStaticHtml(descriptorOf("Dashboard"), { results, samples }, {});
  expect(html.startsWith('<div class="slicewise-static">')).toBe(true);
  const table = html.indexOf('<table class="sw-static-table"');
  const chart = html.indexOf('<svg class="sw-chart sw-chart-delta"');
  const gallery = html.indexOf('<div class="sw-static-gallery"');
  expect(table).toBeGreaterThan(0);
  expect(chart).toBeGreaterThan(table);
  expect(gallery).toBeGreaterThan(chart);
});

test("a slicer says how many samples it would slice; a kind without its table says there is nothing yet", () => {
  expect(widgetStaticHtml(descriptorOf("Slicer"), { samples }, {})).toContain("<p>slicewise Slicer: 8 samples to slice interactively.");
  expect(widgetStaticHtml(descriptorOf("History"), { results }, {})).toBe("<p>History: nothing to show yet.</p>");
});

test("the picture: a comparison chart as its options ask (760 px wide), a history 900 px wide, a gallery's the delta chart", () => {
  expect(widgetPictureSvg(descriptorOf("ComparisonChart"), { results }, { kind: "bars" })).toMatch(/^<svg class="sw-chart sw-chart-bars"[^>]* width="760"/);
  expect(widgetPictureSvg(descriptorOf("History"), { history }, {})).toMatch(/^<svg class="sw-chart sw-chart-history"[^>]* width="900"/);
  expect(widgetPictureSvg(descriptorOf("SampleGallery"), { results, samples }, {})).toMatch(/^<svg class="sw-chart sw-chart-delta"/);
});

test("a picture without its table names the table it needs", () => {
  expect(() => widgetPictureSvg(descriptorOf("SampleGallery"), { samples }, {})).toThrow("this SampleGallery has no evaluation table to draw");
  expect(() => widgetPictureSvg(descriptorOf("History"), { results }, {})).toThrow("this History has no history table to draw");
});
