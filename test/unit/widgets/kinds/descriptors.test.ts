/** @jest-environment jsdom */
// The widget kinds' registries: one descriptor per kind, read by the kernel, and one mount per
// kind, read by the views and the standalone runtime — both keyed by the same declared kind.
import * as widgets from "../../../../src/widgets/index";
import { WidgetKind, descriptorOf, widgetDescriptors } from "../../../../src/widgets/kinds/descriptors";
import { browserWidgets } from "../../../../src/widgets/kinds/mounts";
import { hasTables } from "../../../../src/widgets/kinds/widgetDescriptor";
import { SelectionStore } from "../../../../src/widgets/selectionStore";
import { evaluationTable, host, samplesTable } from "../widgetFixtures";

const kinds = widgetDescriptors.map((descriptor) => descriptor.kind);

test("seven kinds are declared, each once, with the runtime name a report's data block uses", () => {
  expect(kinds).toEqual(["MetricsTable", "ComparisonChart", "SampleGallery", "Dashboard", "History", "Slicer", "EmbeddingMap"]);
  expect(widgetDescriptors.map((descriptor) => descriptor.runtimeName)).toEqual([
    "metricsTable",
    "comparisonChart",
    "sampleGallery",
    "dashboard",
    "history",
    "slicer",
    "embeddingMap",
  ]);
  expect(new Set(kinds).size).toBe(kinds.length);
});

test("a kind that is not declared (from untyped JavaScript) is refused, naming the widgets there are", () => {
  expect(() => descriptorOf("PrecisionRecall" as WidgetKind)).toThrow(
    '"PrecisionRecall" is not a slicewise widget; the widgets are MetricsTable, ComparisonChart, SampleGallery, Dashboard, History, Slicer, EmbeddingMap',
  );
});

test("each kind's Arrow attributes are the ones its model carries, and it requires only those", () => {
  expect(Object.fromEntries(widgetDescriptors.map((descriptor) => [descriptor.kind, [descriptor.arrowAttributes, descriptor.requiredAttributes]]))).toEqual({
    MetricsTable: [["results"], ["results"]],
    ComparisonChart: [["results", "detection"], ["results"]],
    SampleGallery: [["samples"], ["samples"]],
    Dashboard: [["results", "samples", "detection", "projection"], []],
    History: [["history"], ["history"]],
    Slicer: [["samples"], ["samples"]],
    EmbeddingMap: [["samples"], ["samples"]],
  });
});

test.each(kinds)("%s: the front end mounts it under the same kind, and the widget module exports its model and view", (kind) => {
  expect(browserWidgets[kind].descriptor).toBe(descriptorOf(kind));
  const exported: Record<string, unknown> = { ...widgets };
  expect(exported[`${kind}Model`]).toBeDefined();
  expect(exported[`${kind}View`]).toBeDefined();
});

test("hasTables: every required table present, null and absent both missing", () => {
  const results = evaluationTable();
  expect(hasTables({ results }, ["results"])).toBe(true);
  expect(hasTables({ results, samples: null }, ["results", "samples"])).toBe(false);
  expect(hasTables({}, ["history"])).toBe(false);
  expect(hasTables({}, [])).toBe(true);
});

test("a missing required table: the runtime's mount names it, a view's mount says what to give", () => {
  const selection = new SelectionStore();
  expect(() => browserWidgets.Slicer.mount(host(), { results: evaluationTable() }, {}, selection)).toThrow("no samples table was given");
  const element = host();
  expect(browserWidgets.Slicer.mountOrExplain(element, {}, {}, selection)).toBeNull();
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("No samples to slice");
});

test("a present table mounts the kind's panel", () => {
  const element = host();
  const panel = browserWidgets.SampleGallery.mountOrExplain(element, { samples: samplesTable() }, {}, new SelectionStore());
  expect(panel).not.toBeNull();
  expect(element.querySelector(".sw-state")).toBeNull();
  panel!.destroy();
});
