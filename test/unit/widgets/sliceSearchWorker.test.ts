// Tests for running the worst-slices search in a Web Worker: the worker's program stands alone,
// a worker's answer equals the main thread's, and without workers the search runs here.

import { resolveObjectURL } from "node:buffer";
import vm from "node:vm";
import { Predicate } from "../../../src/core";
import { createRandom } from "../../../src/metrics/random";
import { SliceSearchInput, buildCountPayload, countSliceCandidates, searchSlices } from "../../../src/metrics/slicing/sliceSearch";
import { runSliceSearch, sliceSearchWorkerSource } from "../../../src/widgets/sliceSearchWorker";

/** 3,000 rows, 5 random fields of 3 levels, errors 0.5 in (f1 = 0 and f3 = 2) and 0.1 elsewhere. */
function plantedInput(binary: boolean): SliceSearchInput {
  const random = createRandom(3);
  const rows = 3000;
  const features = Array.from({ length: 5 }, (_, field) => ({
    name: `f${field}`,
    codes: Int32Array.from({ length: rows }, () => Math.floor(random() * 3)),
    levels: [0, 1, 2].map((level) => ({ label: `f${field} = ${level}`, predicate: { field: `f${field}`, op: "eq", value: level } as Predicate })),
  }));
  const errors = Float64Array.from({ length: rows }, (_, row) => {
    const rate = features[1].codes[row] === 0 && features[3].codes[row] === 2 ? 0.5 : 0.1;
    return binary ? (random() < rate ? 1 : 0) : random() * 2 * rate;
  });
  return { features, errors, binary, mode: "underperforms", maxDepth: 3 };
}

/**
 * A stand-in for the browser's Worker: it reads the program from the blob: URL it is given, runs
 * it in a fresh V8 context (no require, no module scope, none of the test's globals), and passes
 * messages by structured clone with transfer, as postMessage does.
 */
class ContextWorker {
  static made: ContextWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessageerror: ((event: Event) => void) | null = null;
  terminated = false;
  answer = true;
  private readonly ready: Promise<vm.Context>;

  constructor(url: string) {
    ContextWorker.made.push(this);
    const blob = resolveObjectURL(url);
    if (!blob) throw new Error(`no blob at ${url}`);
    this.ready = blob.text().then((source) => {
      const context = vm.createContext({
        postMessage: (data: unknown, transfer: Transferable[]) => {
          const copy = structuredClone(data, { transfer });
          setTimeout(() => {
            if (!this.terminated && this.answer) this.onmessage?.({ data: copy });
          });
        },
      });
      vm.runInContext(source, context);
      return context;
    });
  }

  postMessage(data: unknown, transfer: Transferable[]): void {
    const copy = structuredClone(data, { transfer });
    void this.ready.then((context) => (context.onmessage as (event: { data: unknown }) => void)({ data: copy }));
  }

  terminate(): void {
    this.terminated = true;
  }
}

describe("countSliceCandidates's source text", () => {
  it("evaluates on its own and counts as the function does", () => {
    const payload = buildCountPayload(plantedInput(true));
    const standalone = new Function(`return ${countSliceCandidates.toString()}`)();
    expect(standalone(payload)).toEqual(countSliceCandidates(payload));
  });

  it("runs as the worker's program in an empty context, numeric errors too", () => {
    const payload = buildCountPayload(plantedInput(false));
    let answer: unknown;
    const context = vm.createContext({ postMessage: (data: unknown) => (answer = data) });
    vm.runInContext(sliceSearchWorkerSource(), context);
    (context.onmessage as (event: { data: unknown }) => void)({ data: payload });
    // Typed arrays made in the other context compare by value after a structured clone.
    expect(structuredClone(answer)).toEqual(countSliceCandidates(payload));
  });
});

describe("runSliceSearch", () => {
  afterEach(() => {
    delete (globalThis as { Worker?: unknown }).Worker;
    ContextWorker.made = [];
    jest.restoreAllMocks();
  });

  it("without Worker (jest, Node) runs here and gives searchSlices's result", async () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe("undefined");
    const input = plantedInput(true);
    const result = await runSliceSearch(input);
    expect(result).toEqual(searchSlices(input));
    expect(result.slices[0].label).toBe("f1 = 0 and f3 = 2");
  });

  it("in a worker gives searchSlices's result, then terminates it and revokes its URL", async () => {
    (globalThis as { Worker?: unknown }).Worker = ContextWorker;
    const revoke = jest.spyOn(URL, "revokeObjectURL");
    const input = plantedInput(false);
    const result = await runSliceSearch(input);
    expect(ContextWorker.made).toHaveLength(1);
    expect(ContextWorker.made[0].terminated).toBe(true);
    expect(revoke).toHaveBeenCalledTimes(1);
    expect(result).toEqual(searchSlices(input));
    // The caller's arrays were copied, not transferred.
    expect(input.errors.length).toBe(3000);
    expect(input.features[0].codes.length).toBe(3000);
  });

  it("rejects with the abort reason and terminates the worker when aborted", async () => {
    (globalThis as { Worker?: unknown }).Worker = ContextWorker;
    const controller = new AbortController();
    const running = runSliceSearch(plantedInput(true), { signal: controller.signal });
    ContextWorker.made[0].answer = false;
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
    expect(ContextWorker.made[0].terminated).toBe(true);
  });

  it("rejects at once when the signal is already aborted", async () => {
    (globalThis as { Worker?: unknown }).Worker = ContextWorker;
    const controller = new AbortController();
    controller.abort();
    await expect(runSliceSearch(plantedInput(true), { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(ContextWorker.made).toHaveLength(0);
  });

  it("counts here when the worker fails to start (a page that forbids blob: workers)", async () => {
    class FailingWorker extends ContextWorker {
      override postMessage(): void {
        setTimeout(() => this.onerror?.(new Event("error")));
      }
    }
    (globalThis as { Worker?: unknown }).Worker = FailingWorker;
    const input = plantedInput(true);
    const result = await runSliceSearch(input);
    expect(ContextWorker.made[0].terminated).toBe(true);
    expect(result).toEqual(searchSlices(input));
  });

  it("rejects with the input's error", async () => {
    const input = { ...plantedInput(true), errors: Float64Array.from([0, 1]) };
    await expect(runSliceSearch(input)).rejects.toThrow("has 3000 codes but errors has 2 rows");
  });
});
