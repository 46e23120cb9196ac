// The embedding map panel: the map with a "colour by" menu, and below it the samples a lasso or a
// click chose — a lasso's as a gallery to save as an id-set test case, a click's with its nearest
// neighbours by cosine ("more like this").
import { Table } from "apache-arrow";
import { cosineNeighbors } from "../metrics/embedding/cosineNeighbors";
import { EmbeddingColorBy, modelsWithCorrectness, pointCategories } from "../charts/embeddingMapColors";
import { EmbeddingMapHandle, renderEmbeddingMap } from "../charts/embeddingMap";
import { embeddingMatrix } from "../charts/embeddingMatrix";
import { renderSampleGallery, SampleGalleryHandle } from "../charts/sampleGallery";
import { inferIdFields } from "../charts/samplesData";
import { renderStateMessage } from "../charts/stateMessage";
import { Panel, panelBox, panelOf } from "./panelBox";
import { KernelSaver, PlatformTarget, SaveTarget, saveSlices } from "./slicerSave";
import { withoutMembership } from "./testCaseMembership";
import { watchWidth } from "./watchWidth";

export interface EmbeddingMapWidgetOptions {
  /** The dataset a lasso's test case is saved to. */
  dataset?: string | null;
  idFields?: string[];
  /** Columns of the plane (default "x" and "y", as projectEmbedding names them). */
  x?: string;
  y?: string;
  /** How the points are coloured at first (default: the first model's correctness, else the cluster, else one colour). */
  colorBy?: EmbeddingColorBy;
  /** Categorical columns the menu offers (default: cluster and the label, when the table has them). */
  fields?: string[];
  /** The embedding column "more like this" compares (default "embedding"). */
  embedding?: string;
  /** Nearest neighbours a click shows (default 24). */
  neighbors?: number;
  /** Map height in px (default 420). */
  height?: number;
  /** What the points are called ("digits"). */
  noun?: string;
  /** A platform to save to over HTTP (`slicewise serve`); without one the page shows the code. */
  platform?: PlatformTarget | null;
  /** Save through the kernel that made the widget (Python's EmbeddingMap answers; Deno's kernel cannot hear the page). */
  saveThroughKernel?: boolean;
  gallery?: Record<string, unknown>;
}

/** The menu's choices for a table: each model's correctness, each pair's disagreement, each field. */
export function colorChoices(table: Table, fields: string[]): { label: string; colorBy: EmbeddingColorBy }[] {
  const models = modelsWithCorrectness(table);
  const choices: { label: string; colorBy: EmbeddingColorBy }[] = models.map((model) => ({ label: `Correct: ${model}`, colorBy: { by: "correct", model } }));
  for (let first = 0; first < models.length; first++)
    for (let second = first + 1; second < models.length; second++)
      choices.push({ label: `${models[first]} vs ${models[second]}`, colorBy: { by: "disagreement", models: [models[first], models[second]] } });
  for (const field of fields)
    if (table.getChild(field)) choices.push({ label: field === "cluster" ? "Cluster (within its class)" : `Field: ${field}`, colorBy: { by: "field", field } });
  if (choices.length === 0) choices.push({ label: "One colour", colorBy: { by: "none" } });
  return choices;
}

const sameColorBy = (p: EmbeddingColorBy, q: EmbeddingColorBy) => JSON.stringify(p) === JSON.stringify(q);

/** Ids of `rows` as a test case takes them: the value of a single id field, or the list of several. */
export function idsOfRows(table: Table, idFields: string[], rows: ArrayLike<number>): unknown[] {
  const columns = idFields.map((field) => table.getChild(field));
  const plain = (value: unknown) => (typeof value === "bigint" && Number.isSafeInteger(Number(value)) ? Number(value) : value);
  return Array.from(rows, (row) => (columns.length === 1 ? plain(columns[0]?.get(row)) : columns.map((column) => plain(column?.get(row)))));
}

export function mountEmbeddingMap(element: HTMLElement, table: Table, options: EmbeddingMapWidgetOptions, kernel: KernelSaver | null = null): Panel {
  const saveTarget: SaveTarget | null = options.saveThroughKernel && kernel ? kernel : (options.platform ?? null);
  const document = element.ownerDocument;
  const box = panelBox(element, "sw-panel sw-embedding-map-panel");
  const xColumn = table.getChild(options.x ?? "x");
  const yColumn = table.getChild(options.y ?? "y");
  if (!xColumn || !yColumn) {
    renderStateMessage(box, {
      kind: "error",
      title: `This table has no ${options.x ?? "x"} and ${options.y ?? "y"} columns to place points by`,
      detail: "Give the map the table projectEmbedding(dataset, { embedding, models }) returns, or name its plane with the x and y options.",
    });
    return panelOf(box);
  }
  const x = Float32Array.from(xColumn.toArray() as ArrayLike<number>);
  const y = Float32Array.from(yColumn.toArray() as ArrayLike<number>);
  const idFields = options.idFields ?? inferIdFields(table.schema.fields.map((field) => field.name));
  const fields = options.fields ?? ["cluster", "label"].filter((field) => table.getChild(field));
  const choices = colorChoices(table, fields);
  let colorBy = options.colorBy ?? choices[0].colorBy;
  let matrix: ReturnType<typeof embeddingMatrix> | undefined;

  const toolbar = panelBox(box, "sw-map-toolbar");
  const label = document.createElement("label");
  label.textContent = "Colour by ";
  const menu = document.createElement("select");
  menu.className = "sw-select";
  menu.dataset.role = "color-by";
  choices.forEach((choice, index) => {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = choice.label;
    option.selected = sameColorBy(choice.colorBy, colorBy);
    menu.append(option);
  });
  label.append(menu);
  toolbar.append(label);

  const mapArea = panelBox(box, "sw-map-area");
  const chosenBar = panelBox(box, "sw-map-chosen");
  chosenBar.hidden = true;
  const saveBox = panelBox(box, "sw-save-box");
  saveBox.hidden = true;
  const galleryArea = panelBox(box, "sw-map-gallery");
  let gallery: SampleGalleryHandle | null = null;
  const shown = withoutMembership(table);

  const points = () => ({ x, y, categories: pointCategories(table, colorBy) });
  const map: EmbeddingMapHandle = renderEmbeddingMap(mapArea, points(), {
    height: options.height,
    noun: options.noun,
    width: mapArea.clientWidth || undefined,
    onLasso: (rows) => choose(rows, null),
    onPick: (row) => pick(row),
  });
  menu.addEventListener("change", () => {
    colorBy = choices[Number(menu.value)].colorBy;
    map.update({ points: points() });
  });

  /** Shows `rows` in the gallery; `picked` is the clicked sample whose neighbours they are (null: a lasso's). */
  const choose = (rows: Int32Array, picked: number | null) => {
    map.update({ selected: picked === null && rows.length ? rows : null, marked: picked === null ? null : rows });
    saveBox.hidden = true;
    chosenBar.replaceChildren();
    chosenBar.hidden = rows.length === 0;
    if (rows.length === 0) {
      gallery?.destroy();
      gallery = null;
      galleryArea.replaceChildren();
      return;
    }
    const text = document.createElement("span");
    text.dataset.role = "chosen-count";
    const count = rows.length.toLocaleString("en-US");
    text.textContent =
      picked === null
        ? `${count} ${rows.length === 1 ? "sample" : "samples"} in the lasso`
        : `Sample ${idsOfRows(table, idFields, [picked])[0]} and its ${rows.length - 1} nearest neighbours (cosine)`;
    const name = document.createElement("input");
    name.className = "sw-input";
    name.dataset.role = "test-case-name";
    name.setAttribute("aria-label", "Test case name");
    name.value = picked === null ? `map selection (${count})` : `like ${idsOfRows(table, idFields, [picked])[0]}`;
    const save = document.createElement("button");
    save.type = "button";
    save.className = "sw-button sw-primary";
    save.dataset.role = "save-test-case";
    save.textContent = "Save as test case";
    save.addEventListener("click", () => {
      const testCase = { name: name.value.trim() || "map selection", ids: idsOfRows(table, idFields, rows) as (string | number)[] };
      void saveSlices(saveBox, saveTarget, options.dataset ?? null, { test_cases: [testCase] });
    });
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "sw-button";
    clear.dataset.role = "clear-selection";
    clear.textContent = "Clear";
    clear.addEventListener("click", () => choose(new Int32Array(0), null));
    chosenBar.append(text, name, save, clear);
    const filter = { testCase: { stratification: "map", testCase: picked === null ? "lasso" : "more like this", rows } };
    if (gallery) gallery.update({ filter });
    else {
      galleryArea.replaceChildren();
      gallery = renderSampleGallery(galleryArea, shown, {
        ...(options.gallery ?? {}),
        idFields,
        filter,
        height: 360,
        onClearTestCase: () => choose(new Int32Array(0), null),
      });
    }
  };

  const pick = (row: number) => {
    if (matrix === undefined) matrix = embeddingMatrix(table.getChild(options.embedding ?? "embedding"));
    if (!matrix) return choose(Int32Array.of(row), row);
    const near = cosineNeighbors(matrix.values, matrix.dimension, row, options.neighbors ?? 24);
    const rows = new Int32Array(near.rows.length + 1);
    rows[0] = row;
    rows.set(near.rows, 1);
    choose(rows, row);
  };

  const stopWatching = watchWidth(
    mapArea,
    () => mapArea.clientWidth,
    (width) => map.update({ width }),
  );
  return panelOf(
    box,
    stopWatching,
    () => gallery?.destroy(),
    () => map.destroy(),
  );
}
