// Saving slices as test cases: through the kernel when it is one that answers (the Python
// kernel's Slicer), over HTTP to a platform the slicer was given (`slicewise serve`), otherwise as
// the exact client code that saves them, with a copy button.
import type { QualityStandard, Stratification, TestCaseDefinition } from "../core";
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
  if (addition.test_cases?.length) lines.push(`standard.test_cases.push(\n  ${addition.test_cases.map((t) => JSON.stringify(t)).join(",\n  ")},\n);`);
  lines.push(`await sw.setQualityStandard(${JSON.stringify(dataset)}, standard);`);
  return lines.join("\n");
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
        `Saved ${describe(addition)} to ${dataset}'s quality standard (version ${outcome.version}). ` +
        (outcome.renamed.length ? `Renamed to avoid clashes: ${outcome.renamed.map(([from, to]) => `"${from}" → "${to}"`).join(", ")}. ` : "") +
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
  if (cases) parts.push(cases === 1 ? `the test case "${addition.test_cases![0].name}"` : `${cases} test cases`);
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
