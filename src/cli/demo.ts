// `slicewise demo` (npm start): the digits example end to end — three real classifiers
// uploaded, evaluated against a reference, and the per-test-case table printed.
import { buildDigitsExample } from "../../examples/digits";
import { connect } from "../client";
import { evaluationRowsFromTable, evaluationInfo } from "../core";
import { formatEvaluation } from "./formatEvaluation";

export async function demo(options: { data?: string; url?: string; token?: string }): Promise<void> {
  const say = (line: string) => process.stdout.write(line + "\n");
  say("Training three classifiers on the UCI handwritten digits (5-fold cross-validation)…");
  const example = buildDigitsExample();
  const workspace = await connect(options);
  try {
    say(`Uploading to ${workspace.location === "embedded" ? `the embedded store` : workspace.location}…`);
    await workspace.uploadDataset("digits", example.dataset, { idFields: ["image_id"] });
    for (const model of example.models) await workspace.uploadResults("digits", model, example.results[model]);
    await workspace.setQualityStandard("digits", example.qualityStandard);
    const table = await workspace.evaluate("digits", { models: example.models, reference: example.reference });
    const info = evaluationInfo(table);
    say(
      `Evaluated ${info?.datapoints ?? "?"} datapoints (${info?.excluded_datapoints ?? 0} left out), ${example.models.length} models, reference ${example.reference}.\n`,
    );
    say(formatEvaluation(evaluationRowsFromTable(table)));
  } finally {
    await workspace.close();
  }
}
