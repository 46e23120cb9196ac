// The standalone widget runtime (dist/slicewise-runtime.js) that reports inline; built by
// webpack as part of `npm run build`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SlicewiseError } from "../../core";

let cached: string | null = null;

export function runtimeSource(): string {
  if (cached) return cached;
  // From lib/src/platform/http (compiled) or src/platform/http (tests), the package root is three or four up.
  const candidates = [join(__dirname, "..", "..", "..", "dist", "slicewise-runtime.js"), join(__dirname, "..", "..", "..", "..", "dist", "slicewise-runtime.js")];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new SlicewiseError("internal", `the widget runtime is not built (looked for ${candidates.join(" and ")}); run \`npm run build\``);
  return (cached = readFileSync(found, "utf8"));
}
