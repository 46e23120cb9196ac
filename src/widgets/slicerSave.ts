// Saving slices as test cases: through the kernel when it is one that answers (the Python
// kernel's Slicer), over HTTP to a platform the slicer was given (`slicewise serve`), otherwise as
// the exact client code that saves them, with a copy button. Chosen samples (the gallery's, the
// Slicer's, a lasso's) are saved the same way, as a test case of their ids (`saveSamples`).
import type { Table } from "apache-arrow";
import type { IdValue, QualityStandard, Scalar, Stratification, TestCaseDefinition } from "../core";
import { takenStratificationNames, uniqueName } from "../metrics";

/** A platform the page may write to: its base URL (the API is under /api/v1) and bearer token. */
export interface PlatformTarget {
  url: string;
  token?: string | null;
}

/**
 * A kernel that saves for the page (the Python Slicer): it reads and writes the quality standard
 * with its own workspace, so the page needs no URL and no token.
 */
export interface KernelSaver {
  /** Where the save goes, as the page says it ("the kernel"). */
  readonly label: string;
  save(dataset: string, addition: SliceAddition): Promise<SaveOutcome>;
}

/** Where the Slicer saves: a platform over HTTP, or the kernel. */
export type SaveTarget = PlatformTarget | KernelSaver;

const isKernelSaver = (target: SaveTarget): target is KernelSaver => typeof (target as KernelSaver).save === "function";

/** What a save adds to the dataset's quality standard. */
export interface SliceAddition {
  stratifications?: Stratification[];
  test_cases?: TestCaseDefinition[];
}

export interface SaveOutcome {
  version: number;
  /** Names changed because the stored standard already had them: [asked, saved as]. */
  renamed: [string, string][];
  added: number;
}

/** Adds to the standard, renaming what would clash ("name (2)"). Returns the new standard and the renames. */
export function mergeAddition(standard: QualityStandard, addition: SliceAddition): { standard: QualityStandard; renamed: [string, string][] } {
  const renamed: [string, string][] = [];
  const rename = (name: string, taken: Set<string>) => {
    const saved = uniqueName(name, taken);
    if (saved !== name) renamed.push([name, saved]);
    taken.add(saved);
    return saved;
  };
  const strata = takenStratificationNames(standard);
  const cases = new Set(standard.test_cases.map((t) => t.name));
  return {
    standard: {
      ...standard,
      stratifications: [...standard.stratifications, ...(addition.stratifications ?? []).map((s) => ({ ...s, name: rename(s.name, strata) }))],
      test_cases: [...standard.test_cases, ...(addition.test_cases ?? []).map((t) => ({ ...t, name: rename(t.name, cases) }))],
    },
    renamed,
  };
}

/** Reads the stored standard, adds the slices, writes it back as a new version. */
export async function saveToPlatform(target: PlatformTarget, dataset: string, addition: SliceAddition, fetchImpl: typeof fetch = fetch): Promise<SaveOutcome> {
  const base = `${target.url.replace(/\/+$/, "")}/api/v1/datasets/${encodeURIComponent(dataset)}/quality-standard`;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  const current = await answer(await fetchImpl(base, { headers }));
  const { version: _version, ...stored } = current as QualityStandard & { version: number };
  const { standard, renamed } = mergeAddition(stored as QualityStandard, addition);
  const saved = (await answer(await fetchImpl(base, { method: "PUT", headers, body: JSON.stringify(standard) }))) as { version: number };
  return { version: saved.version, renamed, added: (addition.stratifications?.length ?? 0) + (addition.test_cases?.length ?? 0) };
}

/** A refusal by the platform, with its HTTP status (401: the token is missing or wrong). */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function answer(response: Response): Promise<unknown> {
  const body = await response.json().catch(() => ({}));
  if (response.ok) return body;
  const error = (body as { error?: { code: string; message: string } }).error;
  throw new PlatformError(error ? `${error.message} [${error.code}]` : `the platform answered ${response.status} ${response.statusText}`, response.status);
}

/** The client code that saves the same slices from a notebook or script. */
export function clientCode(dataset: string, addition: SliceAddition): string {
  const lines = [
    'import { connect } from "slicewise";',
    "",
    "const sw = await connect();",
    `const standard = await sw.getQualityStandard(${JSON.stringify(dataset)});`,
  ];
  if (addition.stratifications?.length) lines.push(`standard.stratifications.push(${addition.stratifications.map((s) => JSON.stringify(s)).join(",\n  ")});`);
  if (addition.test_cases?.length) lines.push(`standard.test_cases.push(\n  ${addition.test_cases.map(testCaseCode).join(",\n  ")},\n);`);
  lines.push(`await sw.setQualityStandard(${JSON.stringify(dataset)}, standard);`);
  return lines.join("\n");
}

/** Ids a line of the code holds: a long set reads (and scrolls) down the page, not off its side. */
const idsPerLine = 12;

/** A test case as the code writes it: on one line, or a set of ids a dozen to a line. */
function testCaseCode(testCase: TestCaseDefinition): string {
  if (!("ids" in testCase) || !Array.isArray(testCase.ids) || testCase.ids.length <= idsPerLine) return JSON.stringify(testCase);
  const lines: string[] = [];
  for (let start = 0; start < testCase.ids.length; start += idsPerLine)
    lines.push(
      testCase.ids
        .slice(start, start + idsPerLine)
        .map((id) => JSON.stringify(id))
        .join(", "),
    );
  return `{ "name": ${JSON.stringify(testCase.name)}, "ids": [\n    ${lines.join(",\n    ")},\n  ] }`;
}

/**
 * The save button's outcome shown in `box`: a confirmation, or — without a platform, or when
 * it cannot be reached — the code that does the same, with a copy button. A platform that asks
 * for a token (401) gets a field to type it in; the token is kept on `target` in this page only.
 */
export async function saveSlices(
  box: HTMLElement,
  target: SaveTarget | null,
  dataset: string | null,
  addition: SliceAddition,
  onSaved?: (outcome: SaveOutcome) => void,
): Promise<void> {
  const document = box.ownerDocument;
  box.replaceChildren();
  box.hidden = false;
  const message = document.createElement("p");
  message.className = "sw-save-message";
  message.setAttribute("role", "status");
  box.append(message);
  if (target && dataset) {
    const where = isKernelSaver(target) ? target.label : target.url;
    message.textContent = `Saving to ${where}…`;
    try {
      const outcome = isKernelSaver(target) ? await target.save(dataset, addition) : await saveToPlatform(target, dataset, addition);
      box.dataset.saved = String(outcome.version);
      message.textContent =
        `Saved ${describe(addition)} to ${dataset}'s quality standard as version ${outcome.version}. ` +
        outcome.renamed.map(([from, to]) => `The name "${from}" was taken, so it was saved as "${to}". `).join("") +
        "They appear in the next evaluate and in every widget built from it.";
      onSaved?.(outcome);
      return;
    } catch (error) {
      message.classList.add("sw-error");
      if (error instanceof PlatformError && error.status === 401 && !isKernelSaver(target)) {
        message.textContent = `${target.url} needs its token to save${target.token ? " (the one given was refused)" : ""}:`;
        box.append(
          tokenForm(box.ownerDocument, (token) =>
            saveSlices(box, { ...target, token }, dataset, addition, (outcome) => {
              target.token = token;
              onSaved?.(outcome);
            }),
          ),
        );
        return;
      }
      message.textContent = `Could not save to ${where}: ${error instanceof Error ? error.message : String(error)}. This code saves them instead:`;
    }
  } else {
    message.textContent = `No platform to write to from here (this page has no server behind it). This code saves ${describe(addition)}:`;
  }
  const code = clientCode(dataset ?? "DATASET", addition);
  const pre = document.createElement("pre");
  pre.className = "sw-save-code";
  pre.dataset.role = "save-code";
  pre.textContent = code;
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "sw-button";
  copy.dataset.role = "copy-code";
  copy.textContent = "Copy";
  copy.addEventListener("click", () => {
    const done = () => (copy.textContent = "Copied");
    const clipboard = document.defaultView?.navigator.clipboard;
    if (clipboard) clipboard.writeText(code).then(done, () => selectText(pre));
    else selectText(pre);
  });
  box.append(pre, copy);
}

function tokenForm(document: Document, submit: (token: string) => void): HTMLFormElement {
  const form = document.createElement("form");
  form.className = "sw-token-form";
  const input = document.createElement("input");
  input.type = "password";
  input.autocomplete = "off";
  input.className = "sw-input";
  input.dataset.role = "save-token";
  input.setAttribute("aria-label", "The server's token");
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "sw-button";
  button.textContent = "Save";
  form.append(input, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value) submit(input.value);
  });
  return form;
}

function describe(addition: SliceAddition): string {
  const parts: string[] = [];
  for (const stratification of addition.stratifications ?? []) parts.push(`the stratification "${stratification.name}"`);
  const cases = addition.test_cases?.length ?? 0;
  const first = addition.test_cases?.[0];
  const samples =
    first && "ids" in first && Array.isArray(first.ids)
      ? ` (${first.ids.length.toLocaleString("en-US")} ${first.ids.length === 1 ? "sample" : "samples"})`
      : "";
  if (cases) parts.push(cases === 1 ? `the test case "${first!.name}"${samples}` : `${cases} test cases`);
  return parts.join(" and ");
}

/** Selects the code so that Ctrl+C copies it when the clipboard API is not allowed. */
function selectText(element: HTMLElement): void {
  const selection = element.ownerDocument.getSelection();
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/** Most ids one test case may list (the platform's limit, src/platform/schemas/qualityStandard.ts). */
export const maxTestCaseIds = 100_000;

/** Chosen samples: rows of a samples table, whose ids are read from `idFields`. */
export interface ChosenSamples {
  table: Table;
  rows: ArrayLike<number>;
  idFields: readonly string[];
}

/** A cell as JSON holds an id: a 64-bit integer as a number when exact, else as its digits. */
function idScalar(value: unknown): Scalar {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** The ids of chosen samples: one value each for one id field, else a list in the id fields' order. */
export function idsOfRows({ table, rows, idFields }: ChosenSamples): IdValue[] {
  const columns = idFields.map((field) => {
    const column = table.getChild(field);
    if (!column) throw new Error(`the samples have no id column "${field}"; their columns are ${table.schema.fields.map((f) => f.name).join(", ")}`);
    return column;
  });
  return Array.from({ length: rows.length }, (_, index) => {
    const row = rows[index];
    return columns.length === 1 ? idScalar(columns[0].get(row)) : columns.map((column) => idScalar(column.get(row)));
  });
}

/** A test case of chosen samples: `{ name, ids }`. */
export function samplesTestCase(name: string, samples: ChosenSamples): TestCaseDefinition {
  return { name, ids: idsOfRows(samples) };
}

export interface SaveSamplesOptions {
  /** The name the field starts with; default "chosen samples". */
  name?: string;
  /** What was saved (under the name asked; `outcome.renamed` says if it was saved under another). */
  onSaved?: (testCase: TestCaseDefinition, outcome: SaveOutcome) => void;
}

let saveForms = 0;

/**
 * "Save these N samples as a test case": a name field in `box` (focused; Enter saves, Escape
 * closes and gives focus back), then the save as `saveSlices` does it — to the platform or
 * kernel, else as code.
 */
export function saveSamples(
  box: HTMLElement,
  target: SaveTarget | null,
  dataset: string | null,
  samples: ChosenSamples,
  options: SaveSamplesOptions = {},
): void {
  const document = box.ownerDocument;
  const count = samples.rows.length;
  box.replaceChildren();
  box.hidden = false;
  const what = `${count.toLocaleString("en-US")} ${count === 1 ? "sample" : "samples"}`;
  const missing = samples.idFields.filter((field) => !samples.table.getChild(field));
  const problem =
    count === 0
      ? "No sample to save: choose some, or show some."
      : count > maxTestCaseIds
        ? `A test case may list at most ${maxTestCaseIds.toLocaleString("en-US")} ids, and these are ${what}; choose fewer, or make a field for the set and save a slice of it.`
        : missing.length || samples.idFields.length === 0
          ? `These samples have no id column ${missing.length ? `"${missing[0]}"` : "named"}, so they cannot be saved by id; give the widget the dataset's id fields (idFields).`
          : null;
  if (problem) {
    const message = document.createElement("p");
    message.className = "sw-save-message sw-error";
    message.setAttribute("role", "status");
    message.textContent = problem;
    box.append(message);
    return;
  }
  // Focus goes back where it came from (the button that asked) when the form closes unused.
  const opener = document.activeElement instanceof document.defaultView!.HTMLElement ? document.activeElement : null;
  const form = document.createElement("form");
  form.className = "sw-save-samples";
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "text";
  input.className = "sw-input";
  input.dataset.role = "test-case-name";
  input.id = `sw-save-samples-${++saveForms}`;
  input.value = options.name ?? "chosen samples";
  input.required = true;
  input.maxLength = 200;
  label.htmlFor = input.id;
  label.textContent = `Save ${what} as the test case`;
  const save = document.createElement("button");
  save.type = "submit";
  save.className = "sw-button";
  save.dataset.role = "save-samples";
  save.textContent = "Save";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "sw-button";
  cancel.textContent = "Cancel";
  const close = () => {
    box.replaceChildren();
    box.hidden = true;
    opener?.focus();
  };
  cancel.addEventListener("click", close);
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    // The page's Escape (a dialog, a notebook's command mode) is not this form's business.
    event.stopPropagation();
    close();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    const testCase = samplesTestCase(name, samples);
    void saveSlices(box, target, dataset, { test_cases: [testCase] }, (outcome) => options.onSaved?.(testCase, outcome));
  });
  form.append(label, input, save, cancel);
  box.append(form);
  input.focus();
  input.select();
}
