// The standalone widget runtime (dist/slicewise-runtime.js, built by webpack in `npm run build`):
// inlined in reports, and handed by the CLI to the server that serves the dashboard page. It is
// read here, at the top tier, because it is the front end's build output.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SlicewiseError } from "../core";

let cached: string | null = null;

export function widgetRuntime(): string {
  if (cached) return cached;
  // From lib/src/export (compiled) or src/export (tests), the package root is three or two up.
  const candidates = [join(__dirname, "..", "..", "..", "dist", "slicewise-runtime.js"), join(__dirname, "..", "..", "dist", "slicewise-runtime.js")];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new SlicewiseError("internal", `the widget runtime is not built (looked for ${candidates.join(" and ")}); run \`npm run build\``);
  return (cached = readFileSync(found, "utf8"));
}
