/** @jest-environment jsdom */
// What a chart says in words: its description (what is compared, each model's verdict counts) and,
// on each test case's label, every model's value, interval, delta and verdict.
import "./jsdomTextCoding";
import { renderComparisonChart } from "../../../src/charts/comparisonChart";
import { fixtureRows, fixtureTable, host } from "./evaluationFixture";

afterEach(() => document.body.replaceChildren());

test("the svg's desc says what is compared and counts each model's verdicts over the test cases shown", () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "delta" });
  const description = element.querySelector("svg > desc")!.textContent!;
  expect(description.startsWith("Accuracy (higher is better) of large, small against the reference base, 5 test cases.")).toBe(true);
  // Counted by hand from the fixture's verdicts, model by model.
  for (const model of ["large", "small"]) {
    const verdicts = fixtureRows()
      .filter((row) => row.model === model && row.metric === "Accuracy")
      .map((row) => row.verdict);
    const count = (verdict: string) => verdicts.filter((value) => value === verdict).length;
    expect(description).toContain(
      `${model}: ${count("improved")} improved, ${count("regressed")} regressed, ${count("similar")} with no significant difference`,
    );
  }
});

test.each(["bars", "delta", "heatmap", "scatter"] as const)("%s: the keyboard's stop for a test case reads out its figures", (kind) => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind });
  const stop = element.querySelector<SVGElement>('[tabindex="0"][data-test-case="label/dog"]')!;
  const label = stop.getAttribute("aria-label")!;
  const large = fixtureRows().find((row) => row.model === "large" && row.test_case === "dog" && row.metric === "Accuracy")!;
  expect(label.startsWith("label / dog: ")).toBe(true);
  expect(label).toContain(`large ${large.value!.toFixed(4)}`);
  expect(label).toContain("Δ ");
  expect(label).toMatch(/regressed \(significant\)|improved \(significant\)|no significant difference|unknown/);
});
