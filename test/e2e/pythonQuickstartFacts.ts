// What the Python quickstart (examples/quickstart-python.ipynb) should show, worked out outside the kernel
// by running the notebook's own data and training cells in the test venv's Python (scikit-learn), so that
// a test compares a DOM figure with a count a person could check by hand.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot } from "../helpers/compiledLibrary";
import { jupyterEnvironment, venvExecutable } from "./jupyterServer";

export const pythonNotebook = "quickstart-python.ipynb";

/** Cell sources to find each cell by. */
export const pythonQuickstartCells = {
  metricsTable: "table = MetricsTable(evaluation)",
  chart: "ComparisonChart(evaluation",
  gallery: "gallery = SampleGallery(samples",
  readBack: 'print("selected test case:", table.selection)',
  dashboard: "Dashboard(evaluation, samples)",
  slicer: "Slicer.from_workspace(",
  discovery: "candidates = sw.discover_slices(",
  subclass: "SampleGallery(subclass",
  embeddingMap: "EmbeddingMap.from_workspace(",
  report: "written = sw.report(",
};

/** What the discovery cell prints of its first candidate (the repr of the cell's dict). */
export function readPythonDiscoveryOutput(text: string): { digit: number; model: string; images: number; accuracyThere: number; q: number } {
  const field = (pattern: RegExp) => {
    const match = pattern.exec(text);
    if (!match) throw new Error(`the discovery cell's output has no ${pattern}: ${text}`);
    return match[1];
  };
  return {
    digit: Number(field(/'first': 'label (\d+), cluster \d+ of \d+'/)),
    model: field(/'model': '([^']+)'/),
    images: Number(field(/'images': (\d+)/)),
    accuracyThere: Number(field(/'accuracy there': ([\d.]+)/)),
    q: Number(field(/'q': '([\d.e+-]+)'/)),
  };
}

export interface PythonQuickstartFacts {
  /** Images each model gets right, out of 1,797. */
  correct: Record<string, number>;
  /** Whether each model gets each image right, by image id (the row). */
  correctRows: Record<string, boolean[]>;
  eights: number;
  /** Images where knn is wrong and the reference (nearest-centroid) right: the gallery cell's filter. */
  knnWrongReferenceRight: number;
  knnWrongReferenceRightEights: number;
}

interface NotebookJson {
  cells: { cell_type: string; source: string | string[] }[];
}

/** The notebook's code cells up to the one that trains the classifiers (the data and the models, no slicewise). */
function trainingCells(): string[] {
  const notebook = JSON.parse(readFileSync(join(repositoryRoot, "examples", pythonNotebook), "utf8")) as NotebookJson;
  const code = notebook.cells.filter((cell) => cell.cell_type === "code").map((cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source));
  const last = code.findIndex((source) => source.includes("cross_val_predict("));
  if (last < 0) throw new Error(`${pythonNotebook} has no cell that trains the classifiers (cross_val_predict)`);
  return code.slice(0, last + 1);
}

const factsScript = `
import json, sys
cells = json.loads(sys.stdin.read())
scope = {}
for source in cells:
    exec(compile(source, "<quickstart-python cell>", "exec"), scope)
labels, results = scope["labels"], scope["results"]
knn, reference = results["knn"]["correct"].to_numpy(), results["nearest-centroid"]["correct"].to_numpy()
disagree = ~knn & reference
print(json.dumps({
    "correct": {name: int(frame["correct"].sum()) for name, frame in results.items()},
    "correctRows": {name: [bool(value) for value in frame["correct"]] for name, frame in results.items()},
    "eights": int((labels == 8).sum()),
    "knnWrongReferenceRight": int(disagree.sum()),
    "knnWrongReferenceRightEights": int((disagree & (labels == 8)).sum()),
}))
`;

export function pythonQuickstartFacts(): PythonQuickstartFacts {
  const output = execFileSync(venvExecutable("python"), ["-c", factsScript], {
    input: JSON.stringify(trainingCells()),
    encoding: "utf8",
    env: jupyterEnvironment(),
    timeout: 120_000,
  });
  return JSON.parse(output.trim().split("\n").pop()!) as PythonQuickstartFacts;
}
