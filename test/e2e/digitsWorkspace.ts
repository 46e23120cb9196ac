// The digits example in a real embedded store: built from scratch, uploaded through the client as
// a person would (dataset, three models' results, quality standard), for the browser tests to show.
import { buildDigitsExample, DigitsExample } from "../../examples/digits";
import { connect, Workspace } from "../../src/client";

export const digitsDataset = "digits";

/** Opens the embedded workspace in `data` and uploads the example; the caller closes the workspace. */
export async function uploadDigitsExample(data: string): Promise<{ example: DigitsExample; workspace: Workspace }> {
  const example = buildDigitsExample();
  const workspace = await connect({ data });
  if (workspace.location !== "embedded") throw new Error(`expected an embedded workspace in ${data}, got ${workspace.location} (is SLICEWISE_URL set?)`);
  try {
    await workspace.uploadDataset(digitsDataset, example.dataset, { idFields: ["image_id"] });
    for (const model of example.models) await workspace.uploadResults(digitsDataset, model, example.results[model]);
    await workspace.setQualityStandard(digitsDataset, example.qualityStandard);
  } catch (error) {
    await workspace.close();
    throw error;
  }
  return { example, workspace };
}

/** How many images of the example carry `label` (the n of test case digit/<label>). */
export function imagesWithLabel(example: DigitsExample, label: number): number {
  const labels = example.dataset.getChild("label")!.toArray() as Int32Array;
  return labels.reduce((count, value) => count + (value === label ? 1 : 0), 0);
}
