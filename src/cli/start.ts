// `slicewise start` (npm start): the digits example in the embedded store if it is not there
// yet, then the platform server with its dashboard page.
import { buildDigitsExample } from "../../examples/digits";
import { Platform, defaultDataDirectory } from "../platform";
import { serve, ServeOptions } from "./serve";

export const demoDataset = "digits";

export async function start(options: ServeOptions): Promise<void> {
  const data = options.data ?? defaultDataDirectory();
  const platform = await Platform.open({ data });
  try {
    if (!(await platform.listDatasets()).includes(demoDataset)) {
      process.stdout.write("Loading the digits example (UCI handwritten digits, three classifiers, 5-fold cross-validation)…\n");
      const example = buildDigitsExample();
      await platform.uploadDataset(demoDataset, { format: "table", table: example.dataset }, { idFields: ["image_id"] });
      for (const model of example.models) await platform.uploadResults(demoDataset, model, { format: "table", table: example.results[model] });
      await platform.setQualityStandard(demoDataset, example.qualityStandard);
    }
  } finally {
    platform.close();
  }
  const { pageUrl } = await serve({ ...options, data });
  process.stdout.write(`Open ${pageUrl} for the dashboard (Ctrl+C stops the server).\n`);
}
