// `slicewise start` (npm start): the examples in the embedded store if they are not there yet —
// the digits (classification) and the digit scenes (object detection) — then the platform server
// with its dashboard page.
import { Table } from "apache-arrow";
import { QualityStandard } from "../core";
import { buildDetectionExample } from "../../examples/detection";
import { buildDigitsExample } from "../../examples/digits";
import { Platform, defaultDataDirectory } from "../platform";
import { serve, ServeOptions } from "./serve";

export const demoDataset = "digits";
export const detectionDataset = "scenes";

interface Example {
  dataset: Table;
  results: Record<string, Table>;
  models: string[];
  qualityStandard: QualityStandard;
}

const examples: { name: string; idFields: string[]; what: string; build: () => Example }[] = [
  {
    name: demoDataset,
    idFields: ["image_id"],
    what: "the digits example (UCI handwritten digits, three classifiers, 5-fold cross-validation)",
    build: buildDigitsExample,
  },
  {
    name: detectionDataset,
    idFields: ["image_id"],
    what: "the detection example (300 scenes of held-out digits, three sliding-window detectors; about 10 s, once)",
    build: () => buildDetectionExample(),
  },
];

export async function start(options: ServeOptions): Promise<void> {
  const data = options.data ?? defaultDataDirectory();
  const platform = await Platform.open({ data, engine: options.engine, sparkRemote: options.sparkRemote, warehouse: options.warehouse });
  try {
    const present = await platform.listDatasets();
    for (const example of examples) {
      if (present.includes(example.name)) continue;
      process.stdout.write(`Loading ${example.what}…\n`);
      const built = example.build();
      await platform.uploadDataset(example.name, { format: "table", table: built.dataset }, { idFields: example.idFields });
      for (const model of built.models) await platform.uploadResults(example.name, model, { format: "table", table: built.results[model] });
      await platform.setQualityStandard(example.name, built.qualityStandard);
    }
  } finally {
    platform.close();
  }
  const { pageUrl } = await serve({ ...options, data });
  process.stdout.write(`Open ${pageUrl} for the dashboard (Ctrl+C stops the server).\n`);
}
