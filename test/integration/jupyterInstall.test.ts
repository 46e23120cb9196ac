// `slicewise jupyter install` as a person runs it: the compiled CLI writing real files under a
// fresh prefix (or a JUPYTER_DATA_DIR), run twice, uninstalled, and refused with exit status 2.
// Where a JupyterLab is installed in /work/venv, Jupyter itself is asked what it finds.
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SlicewiseError } from "../../src/core";
import { jupyterInstall } from "../../src/cli/jupyterInstall";
import { builtFrontEnd, denoExecutable, packageRoot, userJupyterDataDirectory } from "../../src/cli/jupyterPaths";
import { killAllChildren, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let directory: string;

/** The environment without SLICEWISE_* settings and with a JUPYTER_DATA_DIR inside the test's
 *  folder, so that no run can reach the real ~/.local/share/jupyter. */
function testEnvironment(): NodeJS.ProcessEnv {
  return withoutSlicewiseSettings({ ...process.env, JUPYTER_DATA_DIR: join(directory, "user-data") });
}

async function slicewise(args: string[], environment = testEnvironment()): Promise<Run> {
  const child = startChild(process.execPath, [cliPath, ...args], { cwd: repositoryRoot, env: environment });
  const { code } = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Runs extension.js the way requirejs would and returns what it configured and exported. */
function evaluateNbextensionEntry(source: string): { config: unknown; exported: { load_ipython_extension?: unknown } } {
  let config: unknown;
  let exported: any;
  const define = (factory: () => unknown) => (exported = factory());
  const window = { require: { config: (value: unknown) => (config = value) } };
  new Function("define", "window", source)(define, window);
  return { config, exported };
}

beforeAll(() => ensureCompiledLibrary(), 180_000);

beforeEach(() => {
  directory = makeTemporaryDirectory("slicewise-jupyter-");
});

afterEach(async () => {
  await killAllChildren();
  removeTemporaryDirectory(directory);
});

describe("slicewise jupyter install --prefix", () => {
  test("writes the Deno kernelspec, the JupyterLab extension and the nbextension, and names each path", async () => {
    const prefix = join(directory, "prefix");
    const data = join(prefix, "share", "jupyter");
    const run = await slicewise(["jupyter", "install", "--prefix", prefix]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const kernelJson = join(data, "kernels", "deno", "kernel.json");
    const labextension = join(data, "labextensions", "slicewise");
    const nbextension = join(data, "nbextensions", "slicewise");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^installed Deno kernelspec: ${kernelJson} \\(runs /\\S+/deno\\)$`));
    expect(lines[1]).toBe(`installed JupyterLab extension: ${labextension}`);
    expect(lines[2]).toBe(`installed notebook extension (classic notebook, VS Code): ${nbextension}`);
    expect(lines[3]).toMatch(/jupyter lab.*jupyter notebook.*"Deno" kernel/);
    expect(lines[4]).toContain(`JUPYTER_PATH=${data}`);

    const spec = readJson(kernelJson);
    expect(spec.argv.slice(1)).toEqual(["jupyter", "--kernel", "--conn", "{connection_file}"]);
    expect(spec.argv[0]).toBe(denoExecutable());
    expect(statSync(spec.argv[0]).isFile()).toBe(true);
    expect(() => accessSync(spec.argv[0], constants.X_OK)).not.toThrow();
    expect(execFileSync(spec.argv[0], ["--version"], { encoding: "utf8" })).toMatch(/^deno 2\./);
    expect(spec.display_name).toBe("Deno");
    expect(spec.language).toBe("typescript");
    // The logos `deno jupyter --install` ships: a PNG signature and an SVG root.
    expect(
      readFileSync(join(data, "kernels", "deno", "logo-64x64.png"))
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    expect(
      readFileSync(join(data, "kernels", "deno", "logo-32x32.png"))
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    expect(readFileSync(join(data, "kernels", "deno", "logo-svg.svg"), "utf8")).toContain("<svg");

    const manifest = readJson(join(labextension, "package.json"));
    expect(manifest.name).toBe("slicewise");
    const load: string = manifest.jupyterlab._build.load;
    expect(load).toMatch(/^static\/remoteEntry\.[0-9a-f]+\.js$/);
    expect(readFileSync(join(labextension, load))).toEqual(readFileSync(join(repositoryRoot, "dist", "labextension", load)));
    expect(readdirSync(join(data, "labextensions"))).toEqual(["slicewise"]);

    expect(readFileSync(join(nbextension, "index.js"))).toEqual(readFileSync(join(repositoryRoot, "dist", "index.js")));
    const entry = readFileSync(join(nbextension, "extension.js"), "utf8");
    const { config, exported } = evaluateNbextensionEntry(entry);
    expect(config).toEqual({ map: { "*": { slicewise: "nbextensions/slicewise/index" } } });
    expect(typeof exported.load_ipython_extension).toBe("function");
    // VS Code reads the map as text: from `require.config({` to the first `)`.
    const start = entry.indexOf("require.config({");
    expect(start).toBeGreaterThan(0);
    expect(entry.slice(start, entry.indexOf(")", start))).toContain('slicewise: "nbextensions/slicewise/index"');
  });

  test("a second install replaces the older extension copy and keeps working", async () => {
    const prefix = join(directory, "prefix");
    const data = join(prefix, "share", "jupyter");
    expect((await slicewise(["jupyter", "install", "--prefix", prefix])).code).toBe(0);
    const leftover = join(data, "labextensions", "slicewise", "static", "remoteEntry.0000.js");
    writeFileSync(leftover, "// from an older build");

    const again = await slicewise(["jupyter", "install", "--prefix", prefix]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`installed JupyterLab extension: ${join(data, "labextensions", "slicewise")} (replaced the older copy)`);
    expect(again.stdout).not.toContain("replaced one that ran");
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(join(data, "labextensions"))).toEqual(["slicewise"]);
    expect(readJson(join(data, "kernels", "deno", "kernel.json")).argv[0]).toBe(denoExecutable());
    expect(readdirSync(join(data, "nbextensions", "slicewise")).sort()).toEqual(["extension.js", "index.js"]);
  });

  test("replaces a kernelspec that ran another deno and says which", async () => {
    const data = join(directory, "prefix", "share", "jupyter");
    mkdirSync(join(data, "kernels", "deno"), { recursive: true });
    writeFileSync(
      join(data, "kernels", "deno", "kernel.json"),
      JSON.stringify({ argv: ["/opt/other/deno", "jupyter", "--kernel", "--conn", "{connection_file}"] }),
    );
    const run = await slicewise(["jupyter", "install", "--prefix", join(directory, "prefix")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("replaced one that ran /opt/other/deno");
    expect(readJson(join(data, "kernels", "deno", "kernel.json")).argv[0]).toBe(denoExecutable());
  });
});

describe("jupyterInstall called from the TypeScript source", () => {
  test("finds the package root from src/cli as the compiled CLI does from lib/src/cli", () => {
    expect(packageRoot()).toBe(repositoryRoot);
    expect(packageRoot(join(repositoryRoot, "lib", "src", "cli"))).toBe(repositoryRoot);
    const data = join(directory, "prefix", "share", "jupyter");
    const lines: string[] = [];
    jupyterInstall({ prefix: join(directory, "prefix"), print: (line) => lines.push(line) });
    expect(lines.slice(0, 3).map((line) => line.split(": ")[1].split(" (")[0])).toEqual([
      join(data, "kernels", "deno", "kernel.json"),
      join(data, "labextensions", "slicewise"),
      join(data, "nbextensions", "slicewise"),
    ]);
    lines.length = 0;
    jupyterInstall({ prefix: join(directory, "prefix"), uninstall: true, print: (line) => lines.push(line) });
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.startsWith("removed "))).toBe(true);
  });
});

describe("slicewise jupyter uninstall", () => {
  test("removes the three things an install wrote and says so, then finds nothing", async () => {
    const prefix = join(directory, "prefix");
    const data = join(prefix, "share", "jupyter");
    expect((await slicewise(["jupyter", "install", "--prefix", prefix])).code).toBe(0);

    const run = await slicewise(["jupyter", "install", "--uninstall", "--prefix", prefix]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      `removed Deno kernelspec: ${join(data, "kernels", "deno")}`,
      `removed JupyterLab extension: ${join(data, "labextensions", "slicewise")}`,
      `removed notebook extension: ${join(data, "nbextensions", "slicewise")}`,
    ]);
    expect(existsSync(join(data, "kernels", "deno"))).toBe(false);
    expect(existsSync(join(data, "labextensions", "slicewise"))).toBe(false);
    expect(existsSync(join(data, "nbextensions", "slicewise"))).toBe(false);

    const again = await slicewise(["jupyter", "uninstall", "--prefix", prefix]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`nothing of slicewise's was installed in ${data}\n`);
  });

  test("on an empty prefix says nothing was installed and creates nothing", async () => {
    const prefix = join(directory, "empty");
    const run = await slicewise(["jupyter", "uninstall", "--prefix", prefix]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`nothing of slicewise's was installed in ${join(prefix, "share", "jupyter")}\n`);
    expect(existsSync(prefix)).toBe(false);
  });

  test("leaves a Deno kernelspec that runs another deno", async () => {
    const prefix = join(directory, "prefix");
    const data = join(prefix, "share", "jupyter");
    expect((await slicewise(["jupyter", "install", "--prefix", prefix])).code).toBe(0);
    const kernelJson = join(data, "kernels", "deno", "kernel.json");
    writeFileSync(
      kernelJson,
      JSON.stringify({ argv: ["/opt/other/deno", "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" }),
    );

    const run = await slicewise(["jupyter", "uninstall", "--prefix", prefix]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`left the Deno kernelspec ${join(data, "kernels", "deno")} in place: it runs /opt/other/deno, not slicewise's deno`);
    expect(run.stdout).toContain(`removed JupyterLab extension: ${join(data, "labextensions", "slicewise")}`);
    expect(existsSync(kernelJson)).toBe(true);
  });
});

describe("where slicewise jupyter install writes without --prefix", () => {
  test("into JUPYTER_DATA_DIR, with or without --user", async () => {
    const data = join(directory, "user-data");
    const run = await slicewise(["jupyter", "install", "--user"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`installed Deno kernelspec: ${join(data, "kernels", "deno", "kernel.json")}`);
    expect(run.stdout).not.toContain("JUPYTER_PATH");
    expect(existsSync(join(data, "labextensions", "slicewise", "package.json"))).toBe(true);
    const removal = await slicewise(["jupyter", "uninstall"]);
    expect(removal.stdout).toContain(`removed notebook extension: ${join(data, "nbextensions", "slicewise")}`);
  });

  test("the data directory follows jupyter --data-dir on each platform", () => {
    const home = "/home/ada";
    expect(userJupyterDataDirectory({ environment: { JUPYTER_DATA_DIR: "/data/j", XDG_DATA_HOME: "/x" }, platform: "linux", home })).toBe("/data/j");
    expect(userJupyterDataDirectory({ environment: { XDG_DATA_HOME: "/x" }, platform: "linux", home })).toBe("/x/jupyter");
    expect(userJupyterDataDirectory({ environment: {}, platform: "linux", home })).toBe("/home/ada/.local/share/jupyter");
    expect(userJupyterDataDirectory({ environment: { XDG_DATA_HOME: "/x" }, platform: "darwin", home })).toBe("/home/ada/Library/Jupyter");
    expect(userJupyterDataDirectory({ environment: { APPDATA: "/appdata" }, platform: "win32", home })).toBe(join("/appdata", "jupyter"));
    expect(userJupyterDataDirectory({ environment: {}, platform: "win32", home })).toBe(join(home, ".jupyter", "data"));
  });
});

describe("slicewise jupyter install refuses", () => {
  test("an unknown flag with exit status 2 and the options it takes", async () => {
    const run = await slicewise(["jupyter", "install", "--prefx", directory]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("slicewise: slicewise jupyter install has no option --prefx; it takes --prefix, --user, --uninstall [bad_request]\n");
  });

  test("a prefix it cannot write to, with exit status 2 and what to do", async () => {
    const file = join(directory, "a-file");
    writeFileSync(file, "");
    const run = await slicewise(["jupyter", "install", "--prefix", join(file, "prefix")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^slicewise: cannot write the Jupyter files under \S+a-file\/prefix\/share\/jupyter \(ENOTDIR.*pick a --prefix you can write to.*\[bad_request\]\n$/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("--prefix together with --user, and a missing action", async () => {
    const both = await slicewise(["jupyter", "install", "--user", "--prefix", directory]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--prefix and --user name two different places");
    const bare = await slicewise(["jupyter"]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("usage: slicewise jupyter install");
  });

  test("a package without its built front end, telling to run npm run build", () => {
    const unbuilt = join(directory, "unbuilt");
    mkdirSync(unbuilt);
    expect(() => builtFrontEnd(unbuilt)).toThrow(SlicewiseError);
    expect(() => builtFrontEnd(unbuilt)).toThrow(
      `the widget module ${join(unbuilt, "dist", "index.js")} is missing; run \`npm run build\` in ${unbuilt} first`,
    );
    mkdirSync(join(unbuilt, "dist"));
    writeFileSync(join(unbuilt, "dist", "index.js"), "define([], function () {});");
    expect(() => builtFrontEnd(unbuilt)).toThrow(`the JupyterLab extension ${join(unbuilt, "dist", "labextension")} is missing; run \`npm run build\``);
  });
});

// JupyterLab itself, when the project's virtual environment has it (the e2e suite relies on it).
// Colour codes in a terminal's output (ESC [ … m), which jupyter prints around names.
// eslint-disable-next-line no-control-regex
const ansiColour = /\x1b\[[0-9;]*m/g;
const jupyter = "/work/venv/bin/jupyter";
const withJupyter = existsSync(jupyter) ? test : test.skip;

withJupyter(
  "JupyterLab lists the extension as enabled and finds the Deno kernelspec",
  async () => {
    const prefix = join(directory, "prefix");
    const data = join(prefix, "share", "jupyter");
    expect((await slicewise(["jupyter", "install", "--prefix", prefix])).code).toBe(0);
    const environment = { ...process.env, JUPYTER_PATH: data, JUPYTER_DATA_DIR: join(directory, "user-data"), NO_COLOR: "1" };
    // `labextension list` reports on stderr.
    const listing = spawnSync(jupyter, ["labextension", "list"], { env: environment, encoding: "utf8" });
    expect(listing.status).toBe(0);
    const labextensions = (listing.stdout + listing.stderr).replace(ansiColour, "");
    expect(labextensions).toMatch(new RegExp(`${join(data, "labextensions")}\\n\\s+slicewise v0\\.1\\.0 enabled OK`));
    const kernelspecs = JSON.parse(execFileSync(jupyter, ["kernelspec", "list", "--json"], { env: environment, encoding: "utf8" }));
    expect(kernelspecs.kernelspecs.deno.resource_dir).toBe(join(data, "kernels", "deno"));
    expect(kernelspecs.kernelspecs.deno.spec.argv[0]).toBe(denoExecutable());
  },
  60_000,
);
