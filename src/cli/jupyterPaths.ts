// Where `slicewise jupyter install` reads and writes: the Jupyter data directory (by the rule of
// `jupyter --data-dir`), this package's built front end, and the deno binary of the npm dependency.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { SlicewiseError } from "../core";

export interface DataDirectoryContext {
  environment: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

/** jupyter_core's `jupyter_data_dir()`: JUPYTER_DATA_DIR, else the platform's per-user folder. */
export function userJupyterDataDirectory(context: DataDirectoryContext = currentDataDirectoryContext()): string {
  const { environment, platform, home } = context;
  if (environment.JUPYTER_DATA_DIR) return environment.JUPYTER_DATA_DIR;
  if (isSet(environment.JUPYTER_PLATFORM_DIRS)) {
    // platformdirs' user_data_dir("Jupyter"), which jupyter_core switches to on request. (A
    // Homebrew Python on macOS names the folder "jupyter"; that case is not told apart here.)
    if (platform === "darwin") return join(home, "Library", "Application Support", "Jupyter");
    if (platform === "win32") return join(environment.LOCALAPPDATA ?? join(home, "AppData", "Local"), "Jupyter");
  }
  if (platform === "darwin") return join(home, "Library", "Jupyter");
  if (platform === "win32") {
    if (environment.APPDATA) return join(environment.APPDATA, "jupyter");
    return join(environment.JUPYTER_CONFIG_DIR || join(home, ".jupyter"), "data");
  }
  const dataHome = environment.XDG_DATA_HOME?.trim() ? environment.XDG_DATA_HOME : join(home, ".local", "share");
  return join(dataHome, "jupyter");
}

function currentDataDirectoryContext(): DataDirectoryContext {
  return { environment: process.env, platform: process.platform, home: homedir() };
}

/** jupyter_core's envset(): set unless empty or one of its "false" spellings. */
function isSet(value: string | undefined): boolean {
  return value !== undefined && !["no", "n", "false", "off", "0", "0.0"].includes(value.toLowerCase());
}

/** `<prefix>/share/jupyter`, the data folder of a Python environment or an install prefix. */
export function prefixJupyterDataDirectory(prefix: string): string {
  return join(resolve(prefix), "share", "jupyter");
}

/** The folder with slicewise's package.json, found upwards from this file: lib/src/cli when
 *  compiled, src/cli under ts-jest. */
export function packageRoot(start = __dirname): string {
  for (let directory = start; ; directory = dirname(directory)) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && readPackageName(manifest) === "slicewise") return directory;
    if (dirname(directory) === directory)
      throw new SlicewiseError("internal", `no package.json of slicewise above ${start}; the installed package is incomplete`);
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

export interface BuiltFrontEnd {
  /** dist/labextension: package.json plus static/remoteEntry.<hash>.js. */
  labextension: string;
  /** dist/index.js: the AMD widget module. */
  amdModule: string;
}

/** The prebuilt JupyterLab extension and the AMD module, checked to be complete. */
export function builtFrontEnd(root = packageRoot()): BuiltFrontEnd {
  const labextension = join(root, "dist", "labextension");
  const amdModule = join(root, "dist", "index.js");
  const buildHint = `run \`npm run build\` in ${root} first`;
  if (!existsSync(amdModule)) throw new SlicewiseError("not_found", `the widget module ${amdModule} is missing; ${buildHint}`);
  const manifest = join(labextension, "package.json");
  if (!existsSync(manifest)) throw new SlicewiseError("not_found", `the JupyterLab extension ${labextension} is missing; ${buildHint}`);
  const load = (JSON.parse(readFileSync(manifest, "utf8")) as { jupyterlab?: { _build?: { load?: string } } }).jupyterlab?._build?.load;
  if (!load || !existsSync(join(labextension, load)))
    throw new SlicewiseError("not_found", `the JupyterLab extension in ${labextension} is incomplete (no ${load ?? "jupyterlab._build.load"}); ${buildHint}`);
  return { labextension, amdModule };
}

/** The native deno executable of the `deno` npm dependency. Its `bin` is bin.cjs, a Node wrapper
 *  that spawns the binary; a kernelspec must name the binary itself, which the package's
 *  postinstall links next to its package.json, or which stays in the platform package
 *  @deno/<os>-<arch>[-glibc] when that link could not be made. */
export function denoExecutable(root = packageRoot()): string {
  let denoPackage: string;
  try {
    denoPackage = dirname(require.resolve("deno/package.json", { paths: [root] }));
  } catch {
    throw new SlicewiseError("not_found", `the npm package deno is not installed next to slicewise (${root}); run \`npm install\``);
  }
  const fileName = process.platform === "win32" ? "deno.exe" : "deno";
  const candidates = [join(denoPackage, fileName)];
  const target = `${process.platform}-${process.arch}${process.platform === "linux" ? "-glibc" : ""}`;
  try {
    candidates.push(join(dirname(require.resolve(`@deno/${target}/package.json`, { paths: [denoPackage] })), fileName));
  } catch {
    // No platform package: the binary can only be the one next to deno's package.json.
  }
  for (const candidate of candidates) if (isExecutable(candidate)) return candidate;
  throw new SlicewiseError(
    "not_found",
    `the deno binary is missing (looked for ${candidates.join(" and ")}); run \`npm rebuild deno\` or reinstall with \`npm install\` (deno ships builds for x64 and arm64 only)`,
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
