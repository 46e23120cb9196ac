// `slicewise jupyter install`: puts into one Jupyter data directory the Deno kernelspec, the
// prebuilt JupyterLab 4 / Notebook 7 extension and the nbextension layout that the classic
// notebook and VS Code read; `--uninstall` takes exactly those away again.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  constants,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SlicewiseError } from "../core";
import { builtFrontEnd, denoExecutable, packageRoot, prefixJupyterDataDirectory, userJupyterDataDirectory } from "./jupyterPaths";

export interface JupyterInstallOptions {
  /** Install under `<prefix>/share/jupyter` (a Python environment's prefix, say) instead of the user's data directory. */
  prefix?: string;
  /** Install into the user's Jupyter data directory (the default; only says so explicitly). */
  user?: boolean;
  /** Remove what an install put there. */
  uninstall?: boolean;
  /** Receives each line of the report; by default stdout. */
  print?: (line: string) => void;
}

interface InstallSettings {
  dataDirectory: string;
  prefix: string | undefined;
  uninstall: boolean;
  print: (line: string) => void;
}

/** The module name the widget models name (`_model_module`) and the folder names we own. */
const extensionName = "slicewise";
const kernelName = "deno";

function installSettings(options: JupyterInstallOptions): InstallSettings {
  if (options.prefix !== undefined && options.user) throw new SlicewiseError("bad_request", "--prefix and --user name two different places; give one of them");
  if (options.prefix !== undefined && options.prefix.trim() === "") throw new SlicewiseError("bad_request", "--prefix needs a directory");
  return {
    dataDirectory: options.prefix === undefined ? userJupyterDataDirectory() : prefixJupyterDataDirectory(options.prefix),
    prefix: options.prefix === undefined ? undefined : resolve(options.prefix),
    uninstall: options.uninstall ?? false,
    print: options.print ?? ((line) => process.stdout.write(line + "\n")),
  };
}

export function jupyterInstall(options: JupyterInstallOptions = {}): void {
  const settings = installSettings(options);
  try {
    if (settings.uninstall) uninstall(settings);
    else install(settings);
  } catch (error) {
    throw describeFileSystemError(error, settings.dataDirectory);
  }
}

function install(settings: InstallSettings): void {
  // Everything that can be missing is checked before anything is written.
  const root = packageRoot();
  const frontEnd = builtFrontEnd(root);
  const deno = denoExecutable(root);
  const data = settings.dataDirectory;
  mkdirSync(data, { recursive: true });
  accessSync(data, constants.W_OK);

  settings.print(installKernelspec(data, deno));
  settings.print(installLabextension(data, frontEnd.labextension));
  settings.print(installNbextension(data, frontEnd.amdModule));
  settings.print(`next: run \`jupyter lab\` or \`jupyter notebook\` in a folder where slicewise is installed, and pick the "Deno" kernel`);
  if (settings.prefix !== undefined)
    settings.print(`Jupyter reads ${data} when ${settings.prefix} is the prefix of the Python environment it runs from; otherwise set JUPYTER_PATH=${data}`);
}

function kernelspecDirectory(data: string): string {
  return join(data, "kernels", kernelName);
}

function installKernelspec(data: string, deno: string): string {
  const directory = kernelspecDirectory(data);
  const kernelJson = join(directory, "kernel.json");
  const previous = kernelExecutable(kernelJson);
  mkdirSync(directory, { recursive: true });
  const logos = denoKernelLogos(deno);
  try {
    for (const logo of logos.files) copyFileSync(logo.path, join(directory, logo.name));
  } finally {
    logos.dispose();
  }
  // The same spec `deno jupyter --install` writes, but naming the binary of the npm dependency:
  // that deno resolves `import "slicewise"` from the notebook folder's node_modules.
  const spec = { argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" };
  writeFileSync(kernelJson, JSON.stringify(spec, null, 2) + "\n");
  const notes = [`runs ${deno}`];
  if (previous !== undefined && !isSameExecutable(previous, deno)) notes.push(`replaced one that ran ${previous}`);
  if (logos.problem) notes.push(`without logos: ${logos.problem}`);
  return `installed Deno kernelspec: ${kernelJson} (${notes.join("; ")})`;
}

interface DenoLogos {
  files: { name: string; path: string }[];
  problem?: string;
  dispose(): void;
}

/** The logo files `deno jupyter --install` writes beside its kernel.json. Deno keeps them inside
 *  its binary, so it is asked to install into a throwaway home, where they are picked up. */
function denoKernelLogos(deno: string): DenoLogos {
  const scratch = mkdtempSync(join(tmpdir(), "slicewise-deno-kernelspec-"));
  const dispose = () => rmSync(scratch, { recursive: true, force: true });
  // Deno 2.9 reads HOME (macOS, Linux), XDG_DATA_HOME (Linux) and APPDATA (Windows) for the user
  // data directory, and DENO_TEST_JUPYTER_PATH before them all; every one points into the scratch folder.
  const environment = {
    ...process.env,
    HOME: scratch,
    USERPROFILE: scratch,
    XDG_DATA_HOME: join(scratch, "xdg"),
    APPDATA: join(scratch, "appdata"),
    DENO_TEST_JUPYTER_PATH: join(scratch, "jupyter"),
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
  };
  const run = spawnSync(deno, ["jupyter", "--install", "--force"], { cwd: scratch, env: environment, encoding: "utf8", timeout: 60_000 });
  if (run.error || run.status !== 0) {
    const reason = run.error?.message ?? (run.stderr.trim().split("\n").pop() || `exit status ${run.status}`);
    return { files: [], problem: `\`deno jupyter --install\` failed (${reason})`, dispose };
  }
  const files = filesUnder(scratch).filter((file) => /^logo-.+\.(png|svg)$/.test(file.name));
  return { files, problem: files.length === 0 ? "`deno jupyter --install` wrote none" : undefined, dispose };
}

function filesUnder(directory: string): { name: string; path: string }[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [{ name: entry.name, path }];
  });
}

/** argv[0] of a kernel.json, or undefined when there is none or it cannot be read. */
function kernelExecutable(kernelJson: string): string | undefined {
  if (!existsSync(kernelJson)) return undefined;
  try {
    const argv = (JSON.parse(readFileSync(kernelJson, "utf8")) as { argv?: unknown }).argv;
    return Array.isArray(argv) && typeof argv[0] === "string" ? argv[0] : undefined;
  } catch {
    return undefined;
  }
}

function isSameExecutable(path: string, other: string): boolean {
  if (path === other) return true;
  try {
    return realpathSync(path) === realpathSync(other);
  } catch {
    return false;
  }
}

function installLabextension(data: string, source: string): string {
  const labextensions = join(data, "labextensions");
  const target = join(labextensions, extensionName);
  // Copied beside the target under a dot-name (JupyterLab does not list those), then swapped in,
  // so that a failed copy leaves an older install working.
  const staging = join(labextensions, `.${extensionName}-installing-${process.pid}`);
  const replaced = existsSync(target);
  mkdirSync(labextensions, { recursive: true });
  try {
    rmSync(staging, { recursive: true, force: true });
    cpSync(source, staging, { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return `installed JupyterLab extension: ${target}${replaced ? " (replaced the older copy)" : ""}`;
}

/** requirejs configuration that the classic notebook runs as an nbextension, and from which
 *  VS Code reads where the module `slicewise` lives. VS Code finds the map by text: the call must
 *  read `require.config({`, with no `)` inside it. The Python wheel ships the same file (python/build.js). */
export const nbextensionEntry = `// slicewise for the classic notebook and VS Code (written by \`slicewise jupyter install\` or the Python wheel):
// maps the widget module name to index.js in this folder.
define(function () {
  "use strict";
  if (window.require) {
    window.require.config({ map: { "*": { ${extensionName}: "nbextensions/${extensionName}/index" } } });
  }
  return { load_ipython_extension: function () {} };
});
`;

function nbextensionDirectory(data: string): string {
  return join(data, "nbextensions", extensionName);
}

function installNbextension(data: string, amdModule: string): string {
  const directory = nbextensionDirectory(data);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  copyFileSync(amdModule, join(directory, "index.js"));
  writeFileSync(join(directory, "extension.js"), nbextensionEntry);
  return `installed notebook extension (classic notebook, VS Code): ${directory}`;
}

function uninstall(settings: InstallSettings): void {
  const data = settings.dataDirectory;
  const lines: string[] = [];
  let removed = 0;

  const kernelspec = kernelspecDirectory(data);
  const kernelJson = join(kernelspec, "kernel.json");
  const executable = kernelExecutable(kernelJson);
  if (existsSync(kernelJson)) {
    const deno = ourDeno();
    if (executable !== undefined && deno !== undefined && isSameExecutable(executable, deno)) {
      rmSync(kernelspec, { recursive: true });
      lines.push(`removed Deno kernelspec: ${kernelspec}`);
      removed++;
    } else {
      const reason = executable === undefined ? "its kernel.json names no program" : `it runs ${executable}`;
      lines.push(`left the Deno kernelspec ${kernelspec} in place: ${reason}, not slicewise's deno${deno ? ` (${deno})` : ""}`);
    }
  }
  for (const [what, directory] of [
    ["JupyterLab extension", join(data, "labextensions", extensionName)],
    ["notebook extension", nbextensionDirectory(data)],
  ]) {
    if (!existsSync(directory)) continue;
    rmSync(directory, { recursive: true });
    lines.push(`removed ${what}: ${directory}`);
    removed++;
  }
  if (removed === 0) lines.push(`nothing of slicewise's was installed in ${data}`);
  for (const line of lines) settings.print(line);
}

/** Our deno binary, or undefined if the dependency is broken: then no kernelspec counts as ours. */
function ourDeno(): string | undefined {
  try {
    return denoExecutable();
  } catch {
    return undefined;
  }
}

const fileSystemCodes = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ENOSPC", "EISDIR"]);

/** A refused write becomes an error a person can act on; anything else passes unchanged. */
function describeFileSystemError(error: unknown, data: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof SlicewiseError || code === undefined || !fileSystemCodes.has(code)) return error;
  return new SlicewiseError(
    "bad_request",
    `cannot write the Jupyter files under ${data} (${(error as Error).message}); pick a --prefix you can write to, or leave --prefix out to install for your user`,
  );
}
