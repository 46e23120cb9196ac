// Fresh directories under the system's temp directory for tests that need real files (DuckDB
// stores, uploads), removed again by the test that made them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function makeTemporaryDirectory(prefix = "slicewise-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeTemporaryDirectory(directory: string | undefined): void {
  if (directory) rmSync(directory, { recursive: true, force: true });
}
