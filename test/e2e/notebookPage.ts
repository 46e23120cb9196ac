// A notebook open in JupyterLab 4 or Notebook 7 (both draw it with the same @jupyterlab/notebook
// widgets): wait for its kernel, run every cell from the Run menu, find a code cell by its source,
// read what its outputs show, switch the theme, and keep a screenshot and the server log on failure.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ElementHandle, Page } from "puppeteer-core";
import { JupyterServer, outDirectory, saveServerLog } from "./jupyterServer";

export interface CodeCellState {
  /** Position among all cells (markdown included), as in the .ipynb. */
  index: number;
  /** The cell's source as the editor shows it. */
  source: string;
  /** "[3]:", "[*]:" or "[ ]:". */
  prompt: string;
  executionCount: number | null;
  outputs: number;
  /** The execution counts on the cell's outputs ("[3]:" beside an execute_result), in order. */
  resultCounts: number[];
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls `probe` (each call short, so no single DevTools call runs into puppeteer's protocol timeout)
 *  until it returns a value other than undefined. */
export async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => Promise<string> | string, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${Math.round(timeoutMs / 1000)} s: ${await describe()}`);
    await pause(intervalMs);
  }
}

export function codeCellStates(page: Page): Promise<CodeCellState[]> {
  return page.$$eval(".jp-Notebook .jp-Cell", (cells) =>
    cells.flatMap((cell, index) => {
      if (!cell.classList.contains("jp-CodeCell")) return [];
      const prompt = cell.querySelector(".jp-InputArea-prompt")?.textContent?.trim() ?? "";
      const count = /^\[(\d+)\]/.exec(prompt);
      return [
        {
          index,
          source: Array.from(cell.querySelectorAll(".jp-InputArea-editor .cm-line"), (line) => line.textContent ?? "").join("\n"),
          prompt,
          executionCount: count ? Number(count[1]) : null,
          outputs: cell.querySelectorAll(".jp-OutputArea-output").length,
          resultCounts: Array.from(
            cell.querySelectorAll(".jp-OutputArea-child .jp-OutputArea-prompt"),
            (outputPrompt) => /\[(\d+)\]/.exec(outputPrompt.textContent ?? "")?.[1],
          )
            .filter((count): count is string => count !== undefined)
            .map(Number),
        },
      ];
    }),
  );
}

function describeCells(cells: CodeCellState[]): string {
  return cells
    .map(
      (cell) =>
        `  cell ${cell.index} ${cell.prompt || "(no prompt)"} ${cell.outputs} output(s), results [${cell.resultCounts}]: ${cell.source.split("\n").pop()}`,
    )
    .join("\n");
}

/**
 * Waits until the notebook has attached `count` cells or more. JupyterLab 4.6 (windowing mode
 * "contentVisibility", its default) attaches the cells below the viewport on idle time, one batch
 * per idle period: until then they are not in the page at all, and a test that lists the cells
 * (runCellsOneByOne) or looks at their outputs misses the last ones.
 */
export async function waitForCellsAttached(page: Page, count: number, timeoutMs = 120_000): Promise<void> {
  await poll(
    () => page.evaluate((count) => (document.querySelectorAll(".jp-Notebook .jp-Cell").length >= count ? true : undefined), count),
    timeoutMs,
    async () => `the notebook attached ${await page.evaluate(() => document.querySelectorAll(".jp-Notebook .jp-Cell").length)} of its ${count} cells`,
    1_000,
  );
}

/** Waits until the notebook shows its cells and its kernel (named `kernelName`) is idle. */
export async function waitForKernelIdle(page: Page, kernelName: string, timeoutMs = 90_000): Promise<void> {
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: timeoutMs });
  await poll(
    () =>
      page.evaluate(
        (kernelName) =>
          document.querySelector(".jp-Toolbar-kernelName")?.textContent?.trim() === kernelName &&
          document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") === "idle"
            ? true
            : undefined,
        kernelName,
      ),
    timeoutMs,
    () =>
      page.evaluate(
        (kernelName) =>
          `the notebook's kernel is "${document.querySelector(".jp-Toolbar-kernelName")?.textContent?.trim()}" ` +
          `(status ${document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status")}), not an idle ${kernelName} kernel`,
        kernelName,
      ),
  );
}

/** The menu bar item `top`, then each menu item of `path` by its exact label (submenus open on click). */
/**
 * File › Save Notebook, then waits for the server's answer to the save (a notebook with its widgets'
 * static copies is about 1 MB; under load its PUT took over 10 s) and for the page to show no
 * unsaved changes. An output that changes after the save marks the notebook unsaved again: it is
 * saved again (at most twice) and the cells' prompts are named if it still does not settle.
 */
export async function saveNotebook(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const answered = page.waitForResponse((response) => response.request().method() === "PUT" && response.url().includes("/api/contents/"), {
      timeout: 90_000,
    });
    await clickMenu(page, "File", "Save Notebook");
    const response = await answered;
    if (!response.ok()) throw new Error(`saving the notebook: the server answered ${response.status()} ${await response.text()}`);
    const clean = await poll(
      () => page.evaluate(() => (document.querySelector(".jp-mod-dirty") === null ? true : undefined)),
      5_000,
      () => "",
    ).catch(() => false);
    if (clean) return;
    if (attempt === 3) {
      const prompts = await page.$$eval(".jp-Notebook .jp-CodeCell .jp-InputArea-prompt", (prompts) => prompts.map((prompt) => prompt.textContent).join(" "));
      throw new Error(`the notebook still shows unsaved changes after ${attempt} saves the server answered; prompts: ${prompts}`);
    }
    console.warn(`the notebook changed after save ${attempt} was answered; saving again`);
  }
}

export async function clickMenu(page: Page, top: string, ...path: string[]): Promise<void> {
  const menu = await page.waitForSelector(`.lm-MenuBar-itemLabel::-p-text(${top})`, { timeout: 10_000 });
  await menu!.click();
  for (const label of path) {
    const item = await poll(
      async () => {
        const handle = await page.evaluateHandle((label) => {
          const labels = Array.from(document.querySelectorAll<HTMLElement>(".lm-Menu .lm-Menu-itemLabel"));
          return labels.find((element) => element.textContent?.trim() === label)?.closest(".lm-Menu-item") ?? null;
        }, label);
        const element = handle.asElement() as ElementHandle<Element> | null;
        return element ?? undefined;
      },
      10_000,
      async () =>
        `no menu item "${label}" under ${top}; the open menus hold: ${await page.$$eval(".lm-Menu .lm-Menu-itemLabel", (labels) =>
          labels
            .map((element) => element.textContent?.trim())
            .filter(Boolean)
            .join(", "),
        )}`,
      100,
    );
    await item.click();
  }
}

/** Run → Run All Cells, then waits until every code cell has an execution count. */
export async function runAllCells(page: Page, timeoutMs: number): Promise<CodeCellState[]> {
  await clickMenu(page, "Run", "Run All Cells");
  // The Run menu may close before the first cell is queued: see at least one cell start.
  await poll(
    async () => ((await codeCellStates(page)).some((cell) => cell.prompt !== "[ ]:") ? true : undefined),
    20_000,
    async () => `no cell started after Run All Cells:\n${describeCells(await codeCellStates(page))}`,
  );
  await poll(
    async () => {
      const cells = await codeCellStates(page);
      const idle = await page.evaluate(() => document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") === "idle");
      return idle && cells.length > 0 && cells.every((cell) => cell.executionCount !== null) ? cells : undefined;
    },
    timeoutMs,
    async () => `not every code cell ran:\n${describeCells(await codeCellStates(page))}`,
    1_000,
  );
  // Let messages that arrive after the kernel went idle land (or not) before anyone looks.
  await pause(2_000);
  return codeCellStates(page);
}

/**
 * Runs the code cells one at a time, as a person pressing Shift+Enter would, waiting for each to
 * finish and for its late messages to land before starting the next. Deno 2.9's kernel sends
 * some messages after it reports a cell done, stamped with whatever request is current then, so
 * under Run All Cells a result can land under the next cell (reported upstream; see the note in
 * src/notebook/denoKernel.ts). One cell at a time keeps the test about slicewise, not the race.
 */
export async function runCellsOneByOne(page: Page, timeoutMs: number, settleMs = 750): Promise<CodeCellState[]> {
  const deadline = Date.now() + timeoutMs;
  const codeCells = await codeCellStates(page);
  const cellCount = await page.$$eval(".jp-Notebook .jp-Cell", (cells) => cells.length);
  // Select the first cell in command mode; Shift+Enter then runs each cell and moves to the next.
  await page.click(".jp-Notebook .jp-Cell .jp-InputArea-prompt");
  await page.keyboard.press("Escape");
  for (let index = 0; index < cellCount; index++) {
    await page.keyboard.down("Shift");
    await page.keyboard.press("Enter");
    await page.keyboard.up("Shift");
    const position = codeCells.findIndex((cell) => cell.index === index);
    // An empty code cell (left by an earlier Shift+Enter on the last cell) gets no execution count.
    if (position < 0 || codeCells[position].source.trim() === "") continue;
    await poll(
      async () => {
        const cell = (await codeCellStates(page))[position];
        const idle = await page.evaluate(() => document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") === "idle");
        return idle && cell.executionCount !== null ? cell : undefined;
      },
      Math.max(1_000, deadline - Date.now()),
      async () => `code cell ${position} did not finish:\n${describeCells(await codeCellStates(page))}`,
      250,
    );
    await pause(settleMs);
  }
  // Shift+Enter on the last cell adds an empty one below it; it is not part of the notebook under test.
  return (await codeCellStates(page)).slice(0, codeCells.length).filter((cell) => cell.source.trim() !== "");
}

/** Runs the one code cell whose source contains `snippet` (selected by its prompt, then Shift+Enter) and
 *  waits until it shows a new execution count and the kernel is idle; returns its outputs' text. */
export async function runCell(page: Page, snippet: string, timeoutMs = 60_000): Promise<string> {
  const cell = await codeCell(page, snippet);
  const countOf = () => cell.$eval(".jp-InputArea-prompt", (prompt) => /\[(\d+)\]/.exec(prompt.textContent ?? "")?.[1] ?? null);
  const before = await countOf();
  await cell.$eval(".jp-InputArea-prompt", (prompt) => (prompt as HTMLElement).scrollIntoView({ block: "center" }));
  await (await cell.$(".jp-InputArea-prompt"))!.click();
  await page.keyboard.press("Escape");
  await page.keyboard.down("Shift");
  await page.keyboard.press("Enter");
  await page.keyboard.up("Shift");
  await poll(
    async () => {
      const count = await countOf();
      const idle = await page.evaluate(() => document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") === "idle");
      return idle && count !== null && count !== before ? true : undefined;
    },
    timeoutMs,
    async () => `the cell \`${snippet}\` did not run again (its prompt was [${before}], is [${await countOf()}])`,
    250,
  );
  await pause(500);
  return cell.$$eval(".jp-OutputArea-output", (outputs) => outputs.map((output) => output.textContent ?? "").join("\n"));
}

/** What is wrong with where the outputs landed: each code cell of the quickstart ends in an expression,
 *  so each should show exactly one result, numbered with its own execution count, and no other cell's. */
export function misplacedResults(cells: CodeCellState[]): string[] {
  return cells.flatMap((cell) => {
    const own = cell.resultCounts.filter((count) => count === cell.executionCount).length;
    const foreign = cell.resultCounts.filter((count) => count !== cell.executionCount);
    const problems: string[] = [];
    const name = `cell ${cell.index} ${cell.prompt} \`${cell.source.split("\n").pop()}\``;
    if (own !== 1) problems.push(`${name} shows ${own} results of its own (${cell.outputs} outputs in all)`);
    if (foreign.length > 0) problems.push(`${name} shows the result of execution ${foreign.join(", ")}, which belongs to another cell`);
    return problems;
  });
}

/**
 * The code cell whose source contains `snippet` (exactly one). Just after a (re)load a cell's
 * editor may not have drawn its lines yet, so the search is repeated for up to 10 s.
 */
export async function codeCell(page: Page, snippet: string): Promise<ElementHandle<Element>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const matches: ElementHandle<Element>[] = [];
    for (const cell of await page.$$(".jp-Notebook .jp-CodeCell")) {
      const source = await cell.$$eval(".jp-InputArea-editor .cm-line", (lines) => lines.map((line) => line.textContent ?? "").join("\n"));
      if (source.includes(snippet)) matches.push(cell);
    }
    if (matches.length === 1) return matches[0];
    if (Date.now() > deadline)
      throw new Error(`expected one code cell containing \`${snippet}\`, found ${matches.length}:\n${describeCells(await codeCellStates(page))}`);
    await pause(250);
  }
}

export interface OutputProblem {
  cell: number;
  source: string;
  problem: string;
}

/** Error outputs (stderr, tracebacks), widgets the manager could not show, slicewise error states,
 *  and empty output rows (an `[n]:` prompt with nothing beside it). */
export function outputProblems(page: Page): Promise<OutputProblem[]> {
  return page.$$eval(".jp-Notebook .jp-Cell", (cells) =>
    cells.flatMap((cell, index) => {
      const source = Array.from(cell.querySelectorAll(".jp-InputArea-editor .cm-line"), (line) => line.textContent ?? "").join("\n");
      const problems: { cell: number; source: string; problem: string }[] = [];
      for (const output of Array.from(cell.querySelectorAll<HTMLElement>(".jp-OutputArea-output"))) {
        const text = (output.textContent ?? "").trim().slice(0, 600);
        if (output.dataset.mimeType === "application/vnd.jupyter.stderr") problems.push({ cell: index, source, problem: `error output: ${text}` });
        else if (/Error displaying widget|Failed to load model class|Could not render widget|model not found/i.test(text))
          problems.push({ cell: index, source, problem: `widget not shown: ${text}` });
        else if (text === "" && !output.querySelector("svg, img, canvas, table, .slicewise") && output.getClientRects().length > 0)
          problems.push({ cell: index, source, problem: "an empty output row" });
        for (const state of Array.from(output.querySelectorAll(".sw-state.sw-error")))
          problems.push({ cell: index, source, problem: `slicewise error state: ${state.textContent}` });
      }
      return problems;
    }),
  );
}

/** Switches the theme through Settings → Theme → `theme` and waits until the page says it is on. */
export async function switchTheme(page: Page, theme: string, light: boolean): Promise<void> {
  await clickMenu(page, "Settings", "Theme", theme);
  await page.waitForFunction(
    (theme, light) => document.body.dataset.jpThemeName === theme && document.body.dataset.jpThemeLight === String(light),
    { timeout: 20_000 },
    theme,
    light,
  );
  // The theme's stylesheet swaps in after the attributes: let it paint.
  await pause(1_000);
}

/** Luminance (0 dark … 1 light) of an element's computed background colour, looking up through
 *  transparent ancestors. */
export function backgroundLuminanceOf(element: ElementHandle<Element>): Promise<number> {
  return element.evaluate((start) => {
    for (let node: Element | null = start; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      const [r, g, b, a] = (colour.match(/[\d.]+/g) ?? []).map(Number);
      if (r !== undefined && (a === undefined || a > 0.5)) return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    }
    return 1;
  });
}

/** Scrolls the notebook so that the output holding `element` (or the element) starts at the top. */
export async function scrollIntoView(page: Page, element: ElementHandle<Element>): Promise<void> {
  await element.evaluate((node) => (node.closest(".jp-OutputArea-child") ?? node).scrollIntoView({ block: "start" }));
  await pause(500);
}

/** test/out/screenshots/<name>.png of the window, with the pointer moved off the widgets first (a
 *  hover highlight left by the last click would show as a selected-looking row). */
export async function takeScreenshot(page: Page, name: string): Promise<string> {
  const directory = join(outDirectory, "screenshots");
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${name}.png`);
  await page.mouse.move(1, 1);
  await pause(200);
  await page.screenshot({ path });
  return path;
}

/** The first element matching `selector` in the outputs of `cell`, or an error naming `what` is
 *  missing and what the cell shows instead. */
export async function outputElement(cell: ElementHandle<Element>, selector: string, what: string): Promise<ElementHandle<Element>> {
  const found = await cell.$(`.jp-OutputArea-output ${selector}`);
  if (found) return found;
  const shown = await cell.evaluate((node) => ({
    prompt: node.querySelector(".jp-InputArea-prompt")?.textContent?.trim(),
    source: Array.from(node.querySelectorAll(".jp-InputArea-editor .cm-line"), (line) => line.textContent).join(" "),
    outputs: Array.from(
      node.querySelectorAll(".jp-OutputArea-child"),
      (child) => `${child.querySelector(".jp-OutputArea-prompt")?.textContent?.trim() || "(display)"} ${(child.textContent ?? "").trim().slice(0, 80)}`,
    ),
  }));
  throw new Error(
    `the cell ${shown.prompt} \`${shown.source}\` shows no ${what} (${selector}); its outputs: ${shown.outputs.length ? shown.outputs.join(" | ") : "none"}`,
  );
}

const failures = new Map<string, number>();

/** Where the evidence of the run's `failure`-th failure goes (the first keeps the plain name). */
function evidenceFiles(name: string, failure = 1): { screenshot: string; console: string } {
  const suffix = failure === 1 ? "" : `-${failure}`;
  return { screenshot: join(outDirectory, `${name}-failure${suffix}.png`), console: join(outDirectory, `${name}-console.log`) };
}

/** Removes what an earlier run kept, so that what is in test/out belongs to this run. */
export function clearEvidence(name: string): void {
  mkdirSync(outDirectory, { recursive: true });
  for (const file of readdirSync(outDirectory))
    if (file.startsWith(`${name}-failure`) || file === `${name}-server.log` || file === `${name}-console.log`)
      rmSync(join(outDirectory, file), { force: true });
  failures.delete(name);
}

/** Runs `work`; if it throws, keeps a screenshot, the server log and the page's console errors in
 *  test/out and names them in the error. */
export interface Evidence {
  page?: Page;
  server?: JupyterServer;
  pageErrors?: string[];
}

export async function keepEvidence<T>(name: string, evidence: () => Evidence, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const target = evidence();
    const failure = (failures.get(name) ?? 0) + 1;
    failures.set(name, failure);
    const kept: string[] = [];
    try {
      if (target.page) {
        const path = evidenceFiles(name, failure).screenshot;
        mkdirSync(outDirectory, { recursive: true });
        await target.page.screenshot({ path });
        kept.push(`screenshot ${path}`);
      }
    } catch (screenshotError) {
      kept.push(`no screenshot (${(screenshotError as Error).message})`);
    }
    const log = saveServerLog(target.server, name);
    if (log) kept.push(`server log ${log}`);
    if (target.pageErrors?.length) {
      const path = evidenceFiles(name).console;
      writeFileSync(path, target.pageErrors.join("\n") + "\n");
      kept.push(`console errors ${path}`);
    }
    if (error instanceof Error && kept.length > 0) error.message += `\n(kept: ${kept.join("; ")})`;
    throw error;
  }
}
