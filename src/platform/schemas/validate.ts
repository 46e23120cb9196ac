// Checks a request's JSON against its schema (zod) before any of it reaches SQL, and turns the
// first problem into one coded error that names the field: "test_cases[0].where.op: must be one of …".
import * as z from "zod";
import { ErrorCode, SlicewiseError } from "../../core";
import { limitClause, limitClausePattern, limits } from "./limits";

export interface ParseOptions {
  /** The code of the error when the value does not fit (e.g. invalid_quality_standard, bad_request). */
  code: ErrorCode;
  /** What the value is, for a problem at its root: "quality standard", "evaluate options". */
  what: string;
}

/** The value as the schema reads it (defaults filled in), or a coded error naming the first field that is wrong. */
export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, options: ParseOptions): z.output<Schema> {
  // A schema checks nesting by recursion: refuse what would overflow the stack first.
  const depth = jsonDepth(value, limits.jsonDepth);
  if (depth > limits.jsonDepth)
    throw new SlicewiseError("limit_exceeded", `the ${options.what} nests more than ${limits.jsonDepth} levels deep ${limitClause("jsonDepth")}`);
  const result = schema.safeParse(value, { error: issueMessage });
  if (result.success) return result.data;
  const issue = mostTelling(result.error.issues[0], value);
  const at = fieldPath(issue.path);
  throw new SlicewiseError(limitClausePattern.test(issue.message) ? "limit_exceeded" : options.code, `${at || options.what}: ${issue.message}`);
}

/**
 * How deep `value` nests (a scalar is 0), counted without recursion and up to `stopAfter` + 1:
 * a body 100,000 levels deep is measured as cheaply as a flat one.
 */
export function jsonDepth(value: unknown, stopAfter: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > stopAfter) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** "test_cases[0].where.op" for the path ["test_cases", 0, "where", "op"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)).join("");
}

type Issue = z.core.$ZodIssue;

/**
 * A failed union reports every alternative; the one that tells the user most is the one their
 * value was meant to be. A predicate `{"and": "x"}` was meant as an `and`, not as a comparison
 * missing its field: prefer alternatives whose problems lie under keys the value has, then the
 * fewest problems.
 */
function mostTelling(issue: Issue, value: unknown): Issue {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return issue;
  const at = valueAt(value, issue.path);
  const keys = typeof at === "object" && at !== null && !Array.isArray(at) ? new Set(Object.keys(at)) : new Set<string>();
  // Every alternative fails on the value itself (e.g. a number where an object is wanted): the union's own words.
  if (issue.errors.every((alternative) => alternative.every((inner) => inner.path.length === 0 && inner.code === "invalid_type"))) return issue;
  const cost = (alternative: Issue[]) =>
    alternative.reduce((sum, inner) => {
      if (inner.code === "unrecognized_keys") return sum + 100;
      const first = inner.path[0];
      return sum + (typeof first === "string" && !keys.has(first) ? 50 : 1);
    }, 0);
  const best = issue.errors.reduce((chosen, alternative) => (cost(alternative) < cost(chosen) ? alternative : chosen));
  const inner = best[0];
  return mostTelling({ ...inner, path: [...issue.path, ...inner.path] } as Issue, value);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) at = typeof at === "object" && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

const typeNames: Record<string, string> = {
  array: "a list",
  object: "an object",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

/** Plain words for zod's issues (a schema's own `error` message, where it gives one, wins). */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      // z.int() reports "number": its format says whole.
      const whole = (issue.inst as { _zod?: { def?: { format?: string } } } | undefined)?._zod?.def?.format === "safeint";
      const expected = whole ? "a whole number" : (typeNames[issue.expected] ?? issue.expected);
      return issue.input === undefined ? `is required (${expected})` : `must be ${expected}; got ${describe(issue.input)}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}; got ${describe(issue.input)}`;
    case "unrecognized_keys":
      return `has no key ${issue.keys.map((key) => `"${key}"`).join(", ")}; check the spelling`;
    case "too_small":
      if (issue.origin === "array")
        return issue.exact
          ? `must have exactly ${issue.minimum} items`
          : Number(issue.minimum) === 1
            ? "must be a non-empty list"
            : `must have at least ${issue.minimum} items`;
      if (issue.origin === "string") return "must not be empty";
      return `must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}; got ${describe(issue.input)}`;
    case "too_big":
      if (issue.origin === "array")
        return issue.exact ? `must have exactly ${issue.maximum} items` : `must have at most ${Number(issue.maximum).toLocaleString("en-US")} items`;
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      return `must be ${issue.inclusive ? "at most" : "less than"} ${Number(issue.maximum).toLocaleString("en-US")}; got ${describe(issue.input)}`;
    case "invalid_format":
      return issue.format === "regex" ? `must match ${issue.pattern}` : `must be a ${issue.format}`;
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
