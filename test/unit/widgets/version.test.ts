/** @jest-environment jsdom */
// The names and versions a kernel's widget state must carry to reach these classes: the module
// version equals the package's, and every model's defaults name its own model and view.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { IJupyterWidgetRegistry, WidgetModel, WidgetView, unpack_models } from "@jupyter-widgets/base";
import * as widgets from "../../../src/widgets/index";
import plugin from "../../../src/widgets/plugin";
import { arrowBytesSerializer } from "../../../src/widgets/arrowBytes";
import { moduleName, moduleVersion, moduleVersionRange } from "../../../src/core/widgetModule";
import { FakeWidgetManager } from "./fakeManager";

const packageJson = JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { name: string; version: string };
const exported = widgets as unknown as Record<string, unknown>;
const modelNames = Object.keys(exported).filter((name) => name.endsWith("Model"));
const viewNames = Object.keys(exported).filter((name) => name.endsWith("View"));

test("moduleVersion is package.json's version, and the module is named like the package", () => {
  expect(moduleVersion).toBe(packageJson.version);
  expect(moduleName).toBe("slicewise");
  expect(moduleName).toBe(packageJson.name);
  expect(widgets.moduleVersion).toBe(moduleVersion);
});

test("the range a kernel asks for admits this version (^major.minor.0, which for 0.x is ~major.minor.0)", () => {
  const [major, minor] = moduleVersion.split(".");
  expect(major).toBe("0");
  expect(moduleVersionRange).toBe(`^${major}.${minor}.0`);
});

test("the module exports the eight models and seven views", () => {
  expect(modelNames.sort()).toEqual([
    "ComparisonChartModel",
    "DashboardModel",
    "EmbeddingMapModel",
    "HistoryModel",
    "MetricsTableModel",
    "SampleGalleryModel",
    "SelectionModel",
    "SlicerModel",
  ]);
  expect(viewNames.sort()).toEqual([
    "ComparisonChartView",
    "DashboardView",
    "EmbeddingMapView",
    "HistoryView",
    "MetricsTableView",
    "SampleGalleryView",
    "SlicerView",
  ]);
});

test.each(modelNames)("%s: defaults name module slicewise, this model, and its view", async (name) => {
  const manager = new FakeWidgetManager();
  const model = await manager.model(name, {});
  expect(model).toBeInstanceOf(WidgetModel);
  expect(model).toBeInstanceOf(exported[name] as typeof WidgetModel);
  const defaults = model.defaults() as Record<string, unknown>;
  expect(defaults._model_module).toBe("slicewise");
  expect(defaults._model_name).toBe(name);
  expect(defaults._model_module_version).toBe(moduleVersion);
  const base = name.slice(0, -"Model".length);
  if (name === "SelectionModel") {
    // A model shared by views, with none of its own.
    expect(defaults._view_name).toBeNull();
    expect(defaults.test_case).toBeNull();
    return;
  }
  expect(defaults._view_name).toBe(`${base}View`);
  expect(defaults._view_module).toBe("slicewise");
  expect(defaults._view_module_version).toBe(moduleVersion);
  expect(exported[`${base}View`]).toBeDefined();
  expect((exported[`${base}View`] as { prototype: unknown }).prototype).toBeInstanceOf(WidgetView);
  expect(defaults.options).toEqual({});
  expect(defaults.selection).toBeNull();
});

test("Arrow attributes have the exact-bytes serializer and `selection` resolves model references", () => {
  const serializers = (name: string) => (exported[name] as { serializers: Record<string, unknown> }).serializers;
  for (const [name, attributes] of [
    ["MetricsTableModel", ["results"]],
    ["ComparisonChartModel", ["results"]],
    ["SampleGalleryModel", ["samples"]],
    ["DashboardModel", ["results", "samples"]],
    ["HistoryModel", ["history"]],
  ] as const) {
    for (const attribute of attributes) expect(serializers(name)[attribute]).toBe(arrowBytesSerializer);
    expect(serializers(name).selection).toEqual({ deserialize: unpack_models });
  }
});

test("the JupyterLab plugin registers this module, at this version, with every model and view", () => {
  const registerWidget = jest.fn();
  expect(plugin.id).toBe("slicewise:widgets");
  expect(plugin.autoStart).toBe(true);
  expect(plugin.requires).toEqual([IJupyterWidgetRegistry]);
  plugin.activate(null, { registerWidget });
  expect(registerWidget).toHaveBeenCalledTimes(1);
  const [{ name, version, exports }] = registerWidget.mock.calls[0];
  expect([name, version]).toEqual(["slicewise", moduleVersion]);
  for (const className of [...modelNames, ...viewNames]) expect(exports[className]).toBe(exported[className]);
});
