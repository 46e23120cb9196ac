#!/usr/bin/env node
// The slicewise command: reads the command line and hands each command (serve, start, demo,
// upload, evaluate, check, standard, report, jupyter) its options. Errors a person can act on are
// printed as one line with their code; exit status 2 for usage and input errors.
import { SlicewiseError } from "../core";
import { parseArguments } from "./arguments";
import { demo } from "./demo";
import { jupyterInstall } from "./jupyterInstall";
import { ServeOptions, serve } from "./serve";
import { checkCommand } from "./checkCommand";
import { start } from "./start";
import { evaluateCommand, propertiesCommand, qualityStandardCommand, reportCommand, upload } from "./workspaceCommands";

const usage = `usage: slicewise <command> [options]

commands:
  start  [--data DIR] [--port 8765]                                 load the examples (digits, digit scenes) if absent, then serve
  serve  [--data DIR] [--host 127.0.0.1] [--port 8765] [--token T | --no-token]
         [--allow-origin ORIGIN,…] [--allow-host NAME,…] [--max-upload-mb 4096] [--threads N]
         [--engine duckdb|spark --spark-remote sc://HOST:15002 --warehouse DIR]
                                                                     run the HTTP API (a new token each start unless given;
                                                                     --threads 1: sums of doubles bit-for-bit repeatable;
                                                                     --engine spark: evaluate on Spark, data as Parquet in DIR)
  demo   [--data DIR | --url URL [--token T]]                       evaluate the digits example and print the table
  upload DATASET FILE [--model M] [--id-fields a,b] [--data DIR | --url URL [--token T]]
                                                                    upload a dataset (or, with --model, a model's results)
                                                                    from a .csv, .ndjson, .parquet or .arrow file
  properties DATASET [--image COL] [--text COL] [--boxes COL] [--data DIR | --url URL [--token T]]
                                                                    measure images (PNG/JPEG bytes or local paths), text and boxes
                                                                    into a new commit with property.<name> columns
  evaluate DATASET --models a,b[,c] [--reference a] [--confidence 0.95] [--min-n 2] [--out FILE.arrow] [--data DIR | --url URL]
                                                                    print (or save) the evaluation table
  check --dataset NAME --candidate MODEL --reference MODEL [--metrics "Accuracy,Macro F1"] [--test-cases "ink/[270, 300),..."]
        [--fail-on regressed|any-drop] [--confidence 0.95] [--min-n 30] [--label L] [--version N]
        [--report FILE.html] [--junit FILE.xml] [--markdown FILE.md] [--data DIR | --url URL [--token T]]
                                                                    the CI gate: exit 0 passed, 1 regressed, 2 usage error
  standard DATASET [FILE.json] [--version N]                        set the quality standard from a JSON file, or print it
  report --dataset NAME --models a,b[,c] [--reference a] --out FILE.html [--max-samples 5000] [--theme light|dark]
                                                                    write a self-contained interactive HTML report
  jupyter install [--prefix DIR | --user] [--uninstall]             install the Deno kernel and the widget extensions for
                                                                    JupyterLab, Notebook and VS Code (jupyter uninstall removes them)

environment: SLICEWISE_DATA (data directory, default ./.slicewise), SLICEWISE_URL, SLICEWISE_TOKEN,
             SLICEWISE_ENGINE, SLICEWISE_SPARK_REMOTE, SLICEWISE_WAREHOUSE (serve, start, embedded connect())`;

const serveOptions = {
  data: "value",
  host: "value",
  port: "value",
  token: "value",
  "no-token": "flag",
  "allow-origin": "value",
  "allow-host": "value",
  "max-upload-mb": "value",
  threads: "value",
  engine: "value",
  "spark-remote": "value",
  warehouse: "value",
} as const;

/** `--allow-origin a,b` and `--allow-host a,b` take comma-separated lists. */
function serveFlags(flags: Record<string, string | true>): ServeOptions {
  const list = (name: string) =>
    typeof flags[name] === "string"
      ? (flags[name] as string)
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : undefined;
  return {
    data: flags.data as string | undefined,
    host: flags.host as string | undefined,
    port: flags.port === undefined ? undefined : Number(flags.port),
    token: flags.token as string | undefined,
    noToken: flags["no-token"] === true,
    allowOrigins: list("allow-origin"),
    allowHosts: list("allow-host"),
    maxUploadMegabytes: flags["max-upload-mb"] === undefined ? undefined : Number(flags["max-upload-mb"]),
    threads: flags.threads === undefined ? undefined : Number(flags.threads),
    engine: flags.engine as string | undefined,
    sparkRemote: flags["spark-remote"] as string | undefined,
    warehouse: flags.warehouse as string | undefined,
  };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve": {
      await serve(serveFlags(parseArguments(rest, serveOptions, "serve").flags));
      return;
    }
    case "start": {
      await start(serveFlags(parseArguments(rest, serveOptions, "start").flags));
      return;
    }
    case "demo": {
      const { flags } = parseArguments(rest, { data: "value", url: "value", token: "value" }, "demo");
      await demo({ data: flags.data as string | undefined, url: flags.url as string | undefined, token: flags.token as string | undefined });
      return;
    }
    case "upload": {
      const { flags, positional } = parseArguments(rest, { data: "value", url: "value", token: "value", model: "value", "id-fields": "value" }, "upload");
      if (positional.length !== 2) throw new SlicewiseError("bad_request", "usage: slicewise upload DATASET FILE [--model M] [--id-fields a,b]");
      if (flags.model && flags["id-fields"])
        throw new SlicewiseError("bad_request", "--id-fields names a dataset's id columns; model results are joined on the dataset's own id fields");
      await upload(positional[0], positional[1], {
        ...workspaceFlags(flags),
        model: flags.model as string | undefined,
        idFields: typeof flags["id-fields"] === "string" ? flags["id-fields"].split(",").map((field) => field.trim()) : undefined,
      });
      return;
    }
    case "properties": {
      const { flags, positional } = parseArguments(
        rest,
        { data: "value", url: "value", token: "value", image: "value", text: "value", boxes: "value" },
        "properties",
      );
      if (positional.length !== 1 || !(flags.image || flags.text || flags.boxes))
        throw new SlicewiseError("bad_request", "usage: slicewise properties DATASET [--image COL] [--text COL] [--boxes COL] (at least one column)");
      await propertiesCommand(positional[0], {
        ...workspaceFlags(flags),
        image: flags.image as string | undefined,
        text: flags.text as string | undefined,
        boxes: flags.boxes as string | undefined,
      });
      return;
    }
    case "evaluate": {
      const known = {
        data: "value",
        url: "value",
        token: "value",
        models: "value",
        reference: "value",
        confidence: "value",
        "min-n": "value",
        out: "value",
      } as const;
      const { flags, positional } = parseArguments(rest, known, "evaluate");
      if (positional.length !== 1) throw new SlicewiseError("bad_request", "usage: slicewise evaluate DATASET --models a,b [--reference a]");
      await evaluateCommand(positional[0], {
        ...workspaceFlags(flags),
        models:
          typeof flags.models === "string"
            ? flags.models
                .split(",")
                .map((model) => model.trim())
                .filter(Boolean)
            : [],
        reference: flags.reference as string | undefined,
        confidence: flags.confidence === undefined ? undefined : Number(flags.confidence),
        // Passed on as typed: evaluate says what is wrong with a min_n that is not a positive integer.
        minN: flags["min-n"] === undefined ? undefined : Number(flags["min-n"]),
        out: flags.out as string | undefined,
      });
      return;
    }
    case "report": {
      const known = {
        data: "value",
        url: "value",
        token: "value",
        dataset: "value",
        models: "value",
        reference: "value",
        confidence: "value",
        out: "value",
        title: "value",
        "max-samples": "value",
        theme: "value",
      } as const;
      const { flags } = parseArguments(rest, known, "report");
      if (typeof flags.dataset !== "string" || typeof flags.models !== "string" || typeof flags.out !== "string")
        throw new SlicewiseError("bad_request", "usage: slicewise report --dataset NAME --models a,b[,c] [--reference a] --out FILE.html");
      if (flags.theme !== undefined && flags.theme !== "light" && flags.theme !== "dark") throw new SlicewiseError("bad_request", "--theme is light or dark");
      await reportCommand({
        ...workspaceFlags(flags),
        dataset: flags.dataset,
        models: flags.models
          .split(",")
          .map((model) => model.trim())
          .filter(Boolean),
        reference: flags.reference as string | undefined,
        confidence: flags.confidence === undefined ? undefined : Number(flags.confidence),
        out: flags.out,
        title: flags.title as string | undefined,
        maxSamples: flags["max-samples"] === undefined ? undefined : Number(flags["max-samples"]),
        theme: flags.theme as "light" | "dark" | undefined,
      });
      return;
    }
    case "check": {
      const known = {
        data: "value",
        url: "value",
        token: "value",
        dataset: "value",
        candidate: "value",
        reference: "value",
        metrics: "value",
        "test-cases": "value",
        "fail-on": "value",
        confidence: "value",
        "min-n": "value",
        label: "value",
        version: "value",
        report: "value",
        junit: "value",
        markdown: "value",
      } as const;
      const { flags } = parseArguments(rest, known, "check");
      const text = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
      // Bucket names hold ", " ("ink/[270, 300)"): a list separator is a comma not followed by a space.
      const list = (name: string) =>
        text(name)
          ?.split(/,(?! )/)
          .map((item) => item.trim())
          .filter(Boolean);
      const number = (name: string) => {
        const value = text(name);
        if (value === undefined) return undefined;
        if (!Number.isFinite(Number(value))) throw new SlicewiseError("bad_request", `--${name} must be a number; got "${value}"`);
        return Number(value);
      };
      if (!text("dataset") || !text("candidate") || !text("reference"))
        throw new SlicewiseError(
          "bad_request",
          "usage: slicewise check --dataset NAME --candidate MODEL --reference MODEL [--fail-on regressed|any-drop] [--junit FILE.xml] [--markdown FILE.md] [--report FILE.html]",
        );
      const failOn = text("fail-on");
      if (failOn !== undefined && failOn !== "regressed" && failOn !== "any-drop")
        throw new SlicewiseError("bad_request", `--fail-on is "regressed" or "any-drop", not "${failOn}"`);
      process.exitCode = await checkCommand({
        ...workspaceFlags(flags),
        dataset: text("dataset")!,
        candidate: text("candidate")!,
        reference: text("reference")!,
        metrics: list("metrics"),
        testCases: list("test-cases"),
        failOn: failOn as "regressed" | "any-drop" | undefined,
        confidence: number("confidence"),
        minN: number("min-n"),
        label: text("label"),
        version: number("version"),
        report: text("report"),
        junit: text("junit"),
        markdown: text("markdown"),
      });
      return;
    }
    case "standard": {
      const { flags, positional } = parseArguments(rest, { data: "value", url: "value", token: "value", version: "value" }, "standard");
      if (positional.length < 1 || positional.length > 2) throw new SlicewiseError("bad_request", "usage: slicewise standard DATASET [FILE.json]");
      await qualityStandardCommand(positional[0], positional[1], {
        ...workspaceFlags(flags),
        version: flags.version === undefined ? undefined : Number(flags.version),
      });
      return;
    }
    case "jupyter": {
      const [action, ...options] = rest;
      if (action !== "install" && action !== "uninstall")
        throw new SlicewiseError("bad_request", "usage: slicewise jupyter install [--prefix DIR | --user] [--uninstall], or slicewise jupyter uninstall");
      const { flags, positional } = parseArguments(options, { prefix: "value", user: "flag", uninstall: "flag" }, `jupyter ${action}`);
      if (positional.length > 0) throw new SlicewiseError("bad_request", `slicewise jupyter ${action} takes no arguments; got ${positional.join(" ")}`);
      jupyterInstall({ prefix: flags.prefix as string | undefined, user: flags.user === true, uninstall: action === "uninstall" || flags.uninstall === true });
      return;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(usage + "\n");
      return;
    default:
      throw new SlicewiseError("bad_request", `unknown command "${command}"\n${usage}`);
  }
}

function workspaceFlags(flags: Record<string, string | true>) {
  return { data: flags.data as string | undefined, url: flags.url as string | undefined, token: flags.token as string | undefined };
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof SlicewiseError) {
    process.stderr.write(`slicewise: ${error.message} [${error.code}]\n`);
    process.exit(error.status >= 500 ? 1 : 2);
  }
  process.stderr.write(`slicewise: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
