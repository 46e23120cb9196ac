// Command-line flags: `--name value`, `--name=value` and bare `--flag`, checked against what a command accepts.
import { SlicewiseError } from "../core";

export interface ParsedArguments {
  flags: Record<string, string | true>;
  positional: string[];
}

export function parseArguments(argv: string[], known: Record<string, "value" | "flag">, command: string): ParsedArguments {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (!argument.startsWith("--")) {
      positional.push(argument);
      continue;
    }
    const [name, inline] = argument.slice(2).split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind)
      throw new SlicewiseError(
        "bad_request",
        `slicewise ${command} has no option --${name}; it takes ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(", ")}`,
      );
    if (kind === "flag") flags[name] = true;
    else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new SlicewiseError("bad_request", `--${name} needs a value`);
      flags[name] = value;
    }
  }
  return { flags, positional };
}
