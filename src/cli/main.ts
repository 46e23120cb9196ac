#!/usr/bin/env node
// The slicewise command: `serve` the platform, run the `demo`. Errors a person can act on are
// printed as one line with their code; exit status 2 for usage and input errors.
import { SlicewiseError } from "../core";
import { parseArguments } from "./arguments";
import { demo } from "./demo";
import { serve } from "./serve";

const usage = `usage: slicewise <command> [options]

commands:
  serve  [--data DIR] [--host 127.0.0.1] [--port 8765] [--token T]   run the HTTP API
  demo   [--data DIR | --url URL [--token T]]                       evaluate the digits example and print the table

environment: SLICEWISE_DATA (data directory, default ./.slicewise), SLICEWISE_URL, SLICEWISE_TOKEN`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve": {
      const { flags } = parseArguments(rest, { data: "value", host: "value", port: "value", token: "value" }, "serve");
      await serve({
        data: flags.data as string | undefined,
        host: flags.host as string | undefined,
        port: flags.port === undefined ? undefined : Number(flags.port),
        token: flags.token as string | undefined,
      });
      return;
    }
    case "demo": {
      const { flags } = parseArguments(rest, { data: "value", url: "value", token: "value" }, "demo");
      await demo({ data: flags.data as string | undefined, url: flags.url as string | undefined, token: flags.token as string | undefined });
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

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof SlicewiseError) {
    process.stderr.write(`slicewise: ${error.message} [${error.code}]\n`);
    process.exit(error.status >= 500 ? 1 : 2);
  }
  process.stderr.write(`slicewise: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
