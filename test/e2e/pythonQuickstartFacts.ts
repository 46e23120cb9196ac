// What the Python quickstart (examples/quickstart-python.ipynb) should show, worked out outside the kernel
// by running the notebook's own data and training cells in the test venv's Python (scikit-learn), so that
// a test compares a DOM figure with a count a person could check by hand.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot } from "../helpers/compiledLibrary";
import { jupyterEnvironment, venvExecutable } from "./jupyterServer";
import { SceneFacts, bucketsHolding } from "./quickstartFacts";

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
  /** The object-detection section (the scenes of real digits). */
  sceneTable: "MetricsTable(scene_evaluation",
  sceneRecall: 'kind="pr"',
  sceneConfusion: 'kind="confusion"',
  sceneGallery: "SampleGallery(missed",
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
  /** What the scenes' widgets should show, from the notebook's own scene-building cell. */
  scenes: SceneFacts;
}

interface NotebookJson {
  cells: { cell_type: string; source: string | string[] }[];
}

/**
 * The notebook's code cells up to the one that trains the classifiers (the data and the models, no slicewise),
 * then the one that lays out and draws the scenes (numpy only).
 */
function trainingCells(): string[] {
  const notebook = JSON.parse(readFileSync(join(repositoryRoot, "examples", pythonNotebook), "utf8")) as NotebookJson;
  const code = notebook.cells.filter((cell) => cell.cell_type === "code").map((cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source));
  const last = code.findIndex((source) => source.includes("cross_val_predict("));
  if (last < 0) throw new Error(`${pythonNotebook} has no cell that trains the classifiers (cross_val_predict)`);
  const scenes = code.findIndex((source) => source.includes("def layout("));
  if (scenes < 0) throw new Error(`${pythonNotebook} has no cell that lays out the scenes (def layout)`);
  return [...code.slice(0, last + 1), code[scenes]];
}

/** The edges of the notebook's scene standard's numeric stratifications (its "smallest object" and "overlap" buckets). */
const sceneEdges = { min_size: [16, 24, 32], max_overlap: [0.01, 0.1] };

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
    "layouts": [[[int(labels[digit]), *(int(value) for value in box)] for digit, box in placed] for placed in scope["layouts"]],
    "crowding": sorted(set(scope["scene_dataset"]["crowding"])),
    "minSize": [int(value) for value in scope["scene_dataset"]["min_size"]],
    "maxOverlap": [float(value) for value in scope["scene_dataset"]["max_overlap"]],
}))
`;

interface PrintedFacts extends Omit<PythonQuickstartFacts, "scenes"> {
  /** Per scene, per digit: its label and box [label, x_min, y_min, x_max, y_max]. */
  layouts: number[][][];
  crowding: string[];
  minSize: number[];
  maxOverlap: number[];
}

export function pythonQuickstartFacts(): PythonQuickstartFacts {
  const output = execFileSync(venvExecutable("python"), ["-c", factsScript], {
    input: JSON.stringify(trainingCells()),
    encoding: "utf8",
    env: jupyterEnvironment(),
    timeout: 120_000,
  });
  const { layouts, crowding, minSize, maxOverlap, ...digits } = JSON.parse(output.trim().split("\n").pop()!) as PrintedFacts;
  const digitsPlaced: Record<string, number> = {};
  for (const placed of layouts) for (const [label] of placed) digitsPlaced[label] = (digitsPlaced[label] ?? 0) + 1;
  // A test case per digit ("holds a 0" … "holds a 9"), made of the scenes holding it.
  const explicitTestCases = Array.from({ length: 10 }, (_, digit) => `holds a ${digit}`);
  const scenes: SceneFacts = {
    models: Object.keys(digits.correct),
    testCaseRows:
      1 + crowding.length + bucketsHolding(minSize, sceneEdges.min_size) + bucketsHolding(maxOverlap, sceneEdges.max_overlap) + explicitTestCases.length,
    crowding,
    explicitTestCases,
    digitsPlaced,
    boxes: layouts.map((placed) => placed.map(([, ...box]) => box)),
  };
  return { ...digits, scenes };
}
