// `slicewise check` end to end on the real digits example: a candidate whose predictions are
// corrupted in one ink bucket fails the gate and is named first; an unchanged model passes; the
// JUnit file parses as JUnit; pinned quality-standard versions give their own test cases.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Bool, Table, makeVector, tableFromIPC, vectorFromArray } from "apache-arrow";
import { JSDOM } from "jsdom";
import { buildDigitsExample } from "../../examples/digits";
import { EmbeddedWorkspace } from "../../src/client";
import { evaluationRowsFromTable } from "../../src/core";
import { report } from "../../src/export/report";
import { ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let data: string;
let corrupted = 0;

/** knn's results with the prediction of every other image in ink [270, 300) moved to a wrong digit. */
function brokenKnn(example: ReturnType<typeof buildDigitsExample>): Table {
  const knn = example.results.knn;
  const ink = example.dataset.getChild("ink")!.toArray() as Int32Array;
  const labels = example.dataset.getChild("label")!.toArray() as Int32Array;
  const pred = Int32Array.from(knn.getChild("pred")!.toArray() as Int32Array);
  let inBucket = 0;
  for (let row = 0; row < pred.length; row++) {
    if (ink[row] >= 270 && ink[row] < 300 && inBucket++ % 2 === 0) {
      pred[row] = (labels[row] + 1) % 10;
      corrupted++;
    }
  }
  const correct = Array.from(pred, (value, row) => value === labels[row]);
  return new Table({
    image_id: knn.getChild("image_id")!,
    pred: makeVector(pred),
    score: knn.getChild("score")!,
    correct: vectorFromArray(correct, new Bool()),
  });
}

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [join(repositoryRoot, "lib/src/cli/main.js"), "check", "--data", data, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  ensureCompiledLibrary();
  directory = makeTemporaryDirectory("slicewise-check-");
  data = join(directory, "data");
  const example = buildDigitsExample();
  const workspace = await EmbeddedWorkspace.open({ data });
  try {
    await workspace.uploadDataset("digits", example.dataset, { idFields: ["image_id"], onProgress: false });
    await workspace.uploadResults("digits", "knn", example.results.knn, { onProgress: false });
    await workspace.uploadResults("digits", "knn-broken", brokenKnn(example), { onProgress: false });
    await workspace.uploadResults("digits", "knn-retrained", example.results.knn, { onProgress: false });
    await workspace.setQualityStandard("digits", example.qualityStandard);
  } finally {
    await workspace.close();
  }
}, 120000);

afterAll(() => removeTemporaryDirectory(directory));

test("a candidate corrupted in one ink bucket fails, and that test case is named first", () => {
  const junit = join(directory, "broken.xml");
  const markdown = join(directory, "broken.md");
  const result = run(
    "--dataset",
    "digits",
    "--candidate",
    "knn-broken",
    "--reference",
    "knn",
    "--metrics",
    "Accuracy",
    "--junit",
    junit,
    "--markdown",
    markdown,
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(1);
  expect(corrupted).toBeGreaterThan(200);
  const firstFinding = result.stdout.split("\n").find((line) => line.startsWith("▼"));
  expect(firstFinding).toContain("ink/[270, 300)");
  expect(result.stdout).toContain("FAILED: knn-broken regresses against knn");
  expect(readFileSync(markdown, "utf8")).toMatch(/^### slicewise check: ❌ FAILED/);

  // A JUnit consumer's view: testsuites > testsuite > testcase, failures counted and explained.
  const document = new JSDOM(readFileSync(junit, "utf8"), { contentType: "text/xml" }).window.document;
  expect(document.querySelector("parsererror")).toBeNull();
  const suites = document.querySelectorAll("testsuites > testsuite");
  expect(suites).toHaveLength(1);
  const cases = [...suites[0].querySelectorAll("testcase")];
  expect(cases).toHaveLength(22);
  const failed = cases.filter((element) => element.querySelector("failure"));
  expect(Number(suites[0].getAttribute("failures"))).toBe(failed.length);
  expect(failed.map((element) => element.getAttribute("name"))).toContain("ink/[270, 300)");
  expect(failed[0].querySelector("failure")!.getAttribute("message")).toMatch(
    /regressed \(q = .*\): knn-broken .* vs knn .*: Δ −0\.\d+, CI of knn-broken \[.*\], p .*, q .*, n 445/,
  );
});

test("an unchanged model passes with exit 0", () => {
  const result = run("--dataset", "digits", "--candidate", "knn-retrained", "--reference", "knn");
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("PASSED: knn-retrained does not regress against knn");
});

test("test cases with fewer samples than --min-n are skipped, not passed", () => {
  const result = run("--dataset", "digits", "--candidate", "knn-retrained", "--reference", "knn", "--min-n", "100", "--metrics", "Accuracy");
  expect(result.status).toBe(0);
  // "thin strokes" has 88 images.
  expect(result.stdout).toMatch(/test_cases\/thin strokes .* skip \(n = 88 < 100\)/);
  expect(result.stdout).toContain("(1 skipped: fewer than 100 samples)");
});

test("usage and input errors exit 2 with a message", () => {
  expect(run("--dataset", "digits", "--candidate", "knn").status).toBe(2);
  const unknown = run("--dataset", "digits", "--candidate", "nope", "--reference", "knn");
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('no results for model "nope"');
  const metric = run("--dataset", "digits", "--candidate", "knn-broken", "--reference", "knn", "--metrics", "Recall");
  expect(metric.status).toBe(2);
  expect(metric.stderr).toContain('no metric "Recall"');
});

test("every check is recorded as a run, and a pinned old quality standard gives its old test cases", async () => {
  const workspace = await EmbeddedWorkspace.open({ data });
  try {
    const runs = await workspace.listRuns("digits");
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs[0]).toMatchObject({ dataset: "digits", reference: "knn", models: ["knn", "knn-broken"], quality_standard_version: 1 });
    const again = evaluationRowsFromTable(await workspace.getRun("digits", runs[0].run_id));
    expect(again.find((row) => row.test_case === "[270, 300)" && row.model === "knn-broken" && row.metric === "Accuracy")?.verdict).toBe("regressed");

    const standard = await workspace.getQualityStandard("digits");
    await workspace.setQualityStandard("digits", { ...standard, stratifications: [{ name: "parity", field: "parity" }], test_cases: [] });
    const latest = evaluationRowsFromTable(await workspace.evaluate("digits", { models: ["knn"] }));
    const pinned = evaluationRowsFromTable(await workspace.evaluate("digits", { models: ["knn"], version: 1 }));
    const stratifications = (rows: typeof latest) => [...new Set(rows.map((row) => row.stratification))];
    expect(stratifications(latest)).toEqual(["dataset", "parity"]);
    expect(stratifications(pinned)).toEqual(["dataset", "digit", "parity", "ink", "area", "test_cases"]);
  } finally {
    await workspace.close();
  }
});

test("the history of a model across its recorded runs is one step per run, in order", async () => {
  // Two more checks of the broken candidate make three runs that evaluated it.
  run("--dataset", "digits", "--candidate", "knn-broken", "--reference", "knn", "--label", "build 2");
  run("--dataset", "digits", "--candidate", "knn-broken", "--reference", "knn", "--label", "build 3");
  const workspace = await EmbeddedWorkspace.open({ data });
  try {
    const history = await workspace.history("digits", { model: "knn-broken" });
    expect(history.schema.fields.slice(0, 3).map((field) => field.name)).toEqual(["step", "step_index", "stratification"]);
    const steps = [
      ...new Set(Array.from({ length: history.numRows }, (_, i) => `${history.getChild("step_index")!.get(i)}:${history.getChild("step")!.get(i)}`)),
    ];
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps.slice(-2)).toEqual([`${steps.length - 2}:build 2`, `${steps.length - 1}:build 3`]);
    const models = new Set(Array.from({ length: history.numRows }, (_, i) => history.getChild("model")!.get(i)));
    expect([...models]).toEqual(["knn-broken"]);
  } finally {
    await workspace.close();
  }
});

test("a report of a model with recorded runs has the History section with their steps", async () => {
  const workspace = await EmbeddedWorkspace.open({ data });
  try {
    const out = join(directory, "history-report.html");
    const written = await report(workspace, { dataset: "digits", models: ["knn", "knn-broken"], reference: "knn", out, maxSamples: 10 });
    expect(written.html).toContain('<section class="sw-report-history"><h2>History across recorded runs</h2><div id="sw-history"></div></section>');
    const blocks = [...written.html.matchAll(/<script type="application\/vnd\.slicewise\.report\+json">(.*?)<\/script>/gs)].map((match) =>
      JSON.parse(match[1]),
    );
    const history = blocks.find((block) => block.widget === "history");
    expect(history.target).toBe("sw-history");
    const table = tableFromIPC(Buffer.from(history.history, "base64"));
    const steps = new Set(Array.from({ length: table.numRows }, (_, i) => table.getChild("step")!.get(i)));
    expect([...steps].slice(-2)).toEqual(["build 2", "build 3"]);
    expect(written.html).toMatch(/<dt>history<\/dt><dd>knn-broken over \d+ recorded runs<\/dd>/);
  } finally {
    await workspace.close();
  }
});
