// Which rows of a samples table belong to a test case, read from the membership columns the
// platform adds (`test_case/<stratification>`, `test_case/test_cases/<name>`).
import { Table } from "apache-arrow";
import type { TestCaseSelection } from "./selectionStore";

export const membershipPrefix = "test_case/";
const missing = "(missing)";

/**
 * Row indexes of the test case; `null` means every row (the whole dataset), `undefined` that the
 * table cannot tell (it has no membership column for that stratification).
 */
export function testCaseRows(samples: Table, selection: TestCaseSelection | null): Int32Array | null | undefined {
  if (!selection || (selection.stratification === "dataset" && selection.testCase === "all")) return null;
  const explicit = samples.getChild(`${membershipPrefix}${selection.stratification}/${selection.testCase}`);
  const keyed = samples.getChild(`${membershipPrefix}${selection.stratification}`);
  if (!explicit && !keyed) return undefined;
  const rows: number[] = [];
  for (let row = 0; row < samples.numRows; row++) {
    if (explicit) {
      if (explicit.get(row) === true) rows.push(row);
      continue;
    }
    const value = keyed!.get(row);
    const name = value === null || value === undefined ? missing : String(value);
    if (name === selection.testCase) rows.push(row);
  }
  return Int32Array.from(rows);
}

/** The samples table without the membership columns, for display. */
export function withoutMembership(samples: Table): Table {
  const kept = samples.schema.fields.filter((field) => !field.name.startsWith(membershipPrefix)).map((field) => field.name);
  return kept.length === samples.schema.fields.length ? samples : samples.select(kept);
}
