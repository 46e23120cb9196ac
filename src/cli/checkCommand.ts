// `slicewise check`: the gate a CI pipeline runs before a model ships. Exit 0 when no chosen
// test case regresses, 1 when one does, 2 for a usage or input error (main.ts).
import { writeFileSync } from "node:fs";
import { check, connect } from "../client";
import { gateJUnit, gateMarkdown, gateTerminal } from "../export/checkFormats";
import { report } from "../export/report";

export interface CheckCommandOptions {
  data?: string;
  url?: string;
  token?: string;
  dataset: string;
  candidate: string;
  reference: string;
  metrics?: string[];
  testCases?: string[];
  failOn?: "regressed" | "any-drop";
  confidence?: number;
  minN?: number;
  label?: string;
  version?: number;
  report?: string;
  junit?: string;
  markdown?: string;
}

/** Runs the gate, writes the asked-for files, prints the table; resolves with the exit code. */
export async function checkCommand(options: CheckCommandOptions): Promise<number> {
  const workspace = await connect(options);
  try {
    const result = await check(workspace, options);
    process.stdout.write(
      `${options.dataset}: ${options.candidate} vs ${options.reference}, run ${result.info.run_id} (dataset commit ${result.info.dataset_commit}, quality standard v${result.info.quality_standard_version}), ${result.info.datapoints.toLocaleString("en-US")} datapoints\n\n`,
    );
    process.stdout.write(gateTerminal(result));
    if (options.junit) writeFileSync(options.junit, gateJUnit(result, result.seconds));
    if (options.markdown) writeFileSync(options.markdown, gateMarkdown(result));
    if (options.report)
      await report(workspace, {
        dataset: options.dataset,
        models: [options.reference, options.candidate],
        reference: options.reference,
        confidence: options.confidence,
        out: options.report,
      });
    for (const [flag, path] of [
      ["junit", options.junit],
      ["markdown", options.markdown],
      ["report", options.report],
    ] as const)
      if (path) process.stdout.write(`wrote ${flag}: ${path}\n`);
    return result.passed ? 0 : 1;
  } finally {
    await workspace.close();
  }
}
