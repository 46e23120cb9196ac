// Which samples the gallery shows and in what order: the test case's rows, the field and
// disagreement filters, the sort; or, when none are left, the message that says why and what to do.
import { formatCount } from "./format";
import type { StateMessage } from "./stateMessage";
import { formatCell } from "./sampleGalleryCard";
import type { ResolvedSampleGalleryOptions, SampleGalleryTestCase } from "./sampleGalleryOptions";
import { countDisagreements, filterSampleRows, sameValue, SamplesData, sortSampleRows } from "./samplesData";

/** Row indexes in display order, or the message to show instead of a grid. */
export type GalleryOrder = { order: Int32Array; message?: undefined } | { order?: undefined; message: StateMessage };

export function galleryOrder(samples: SamplesData, resolved: ResolvedSampleGalleryOptions): GalleryOrder {
  if (samples.length === 0)
    return {
      message: {
        title: "No samples to show",
        detail: "This samples table has no rows. Upload a dataset and model results, or choose a test case that has samples.",
      },
    };
  if (resolved.problems.length > 0) return { message: { kind: "error", title: "The gallery cannot show these samples", detail: resolved.problems.join(" ") } };
  const testCase = testCaseRows(samples, resolved.testCase);
  if (testCase.problem) return { message: { kind: "error", title: "Which samples are in this test case?", detail: testCase.problem } };
  const comparing = resolved.disagreement !== "none";
  if (comparing && (resolved.models.length < 2 || !resolved.modelA || !resolved.modelB))
    return {
      message: {
        title: "Comparing models needs two models",
        detail: `This table has results for ${resolved.models.length === 1 ? `only "${resolved.models[0]}"` : "no model"}; show all samples instead.`,
      },
    };
  if (comparing && resolved.modelA === resolved.modelB)
    return { message: { title: `Both sides are "${resolved.modelA}"`, detail: "Choose two different models to see where one is right and the other wrong." } };
  const base = filterSampleRows(samples, { rows: testCase.rows, field: resolved.field });
  const filtered = comparing
    ? filterSampleRows(samples, { rows: base, disagreement: resolved.disagreement, modelA: resolved.modelA, modelB: resolved.modelB })
    : base;
  if (filtered.length === 0) return { message: emptyMessage(samples, resolved, base) };
  return { order: sortSampleRows(samples, filtered, resolved.sortBy) };
}

/** The test case's rows: given by the caller, every row for the whole dataset, or matched by a same-named column. */
function testCaseRows(data: SamplesData, testCase: SampleGalleryTestCase | null): { rows: ArrayLike<number> | null; problem?: string } {
  if (!testCase) return { rows: null };
  if (testCase.rows) return { rows: testCase.rows };
  if (testCase.stratification === "dataset" && testCase.testCase === "all") return { rows: null };
  const column = data.table.getChild(testCase.stratification);
  if (!column)
    return {
      rows: null,
      problem: `Test case "${testCase.stratification} / ${testCase.testCase}" came without its rows, and the table has no column "${testCase.stratification}" to match it by; pass filter.testCase.rows (the test case's row indexes in this table).`,
    };
  const rows: number[] = [];
  for (let row = 0; row < data.length; row++) if (sameValue(column.get(row), testCase.testCase)) rows.push(row);
  return { rows };
}

/** Why the filters left no sample, and what to do. `base`: the rows before the disagreement filter. */
function emptyMessage(data: SamplesData, resolved: ResolvedSampleGalleryOptions, base: Int32Array): StateMessage {
  const { testCase, field } = resolved;
  const scope = testCase ? " in this test case" : field ? ` with ${field.name} = ${formatCell(field.value)}` : "";
  if (base.length === 0) {
    if (testCase && field)
      return {
        title: `No samples in test case "${testCase.stratification} / ${testCase.testCase}" have ${field.name} = ${formatCell(field.value)}`,
        detail: `Remove the filter on ${field.name}, or choose another test case.`,
      };
    if (testCase)
      return {
        title: `No samples in test case "${testCase.stratification} / ${testCase.testCase}"`,
        detail: "This table has no rows for it; choose another test case.",
      };
    if (field)
      return { title: `No samples have ${field.name} = ${formatCell(field.value)}`, detail: `Remove the filter on ${field.name}, or choose another value.` };
  }
  const a = resolved.modelA!;
  const b = resolved.modelB!;
  const known = data.models.filter((model) => model.name === a || model.name === b).every((model) => base.some((row) => model.correct[row] !== -1));
  if (!known)
    return {
      title: `Cannot tell right from wrong for ${a} and ${b}`,
      detail: `The table has no "<model>.${resolved.correct}" columns and no ground truth to compare predictions with; pass the correct or groundTruth option.`,
    };
  const counts = countDisagreements(data, base, a, b);
  if (counts.aRightBWrong === 0 && counts.aWrongBRight === 0)
    return {
      title: `No samples match: ${a} and ${b} agree on every sample${scope}`,
      detail: "Neither model is right where the other is wrong. Show all samples, or compare another pair of models.",
    };
  const [right, wrong, other, otherLabel] =
    resolved.disagreement === "a-right-b-wrong" ? [a, b, counts.aWrongBRight, "A wrong, B right"] : [b, a, counts.aRightBWrong, "A right, B wrong"];
  return {
    title: `No samples where ${right} is right and ${wrong} is wrong${scope}`,
    detail: `${formatCount(other)} ${other === 1 ? "sample goes" : "samples go"} the other way: choose "${otherLabel}" to see ${other === 1 ? "it" : "them"}.`,
  };
}
