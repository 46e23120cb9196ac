// Discovery on its worker thread (the compiled library, where the worker script exists) gives the
// same candidates as in process, to the bit.
import { join } from "node:path";
import { ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { plantedData } from "../unit/metrics/discoveryData";

type Metrics = typeof import("../../src/metrics");
type Worker = typeof import("../../src/platform/discoveryWorker");

test("the worker's candidates equal discoverSubclasses' in process", async () => {
  ensureCompiledLibrary();
  const metrics = require(join(repositoryRoot, "lib/src/metrics")) as Metrics;
  const worker = require(join(repositoryRoot, "lib/src/platform/discoveryWorker")) as Worker;
  const data = plantedData({ seed: 5, classes: 3, perClass: 400, dimension: 12, subclassShare: 0.05, subclassOf: 2, error: 0.05, subclassError: 0.6 });
  const input = {
    embeddings: data.embeddings,
    dimension: data.dimension,
    classes: data.classes,
    classNames: data.classNames,
    models: [{ name: "model", errors: data.errors }],
    per: "label",
    seed: 2,
  };
  const here = metrics.discoverSubclasses(input);
  const there = await worker.discoverOffThread(input);
  expect(there).toEqual(here);
  expect(here.candidates[0].qValue).toBeLessThan(1e-6);
});
