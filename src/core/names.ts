// Which display names (of datasets, models, test cases, metric groups and metrics) are usable: a
// name shown in a table must not display as another name, nor hide characters a reader cannot see.
//
// Bidi controls reorder the text around them, so "a\u202Eb" shows as "ab" reversed past the
// override; zero-width characters make two names that look the same compare different. This is
// the Trojan Source problem (CVE-2021-42574, Boucher & Anderson 2021) applied to names.

/** The characters a name may not hold, by what they do to the display. */
const refused: { ranges: string; what: string }[] = [
  { ranges: "\\u0000-\\u001F\\u007F-\\u009F", what: "a control character" },
  { ranges: "\\u2028\\u2029", what: "a line or paragraph separator, which breaks the name over lines" },
  { ranges: "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069", what: "a bidi control, which reorders how the text around it is displayed" },
  { ranges: "\\u00AD\\u200B-\\u200D\\u2060-\\u2064\\uFEFF", what: "an invisible formatting character, which makes the name look like another" },
];

const refusedClass = refused.map((entry) => entry.ranges).join("");

/**
 * A usable name: one or more characters, none of them refused, at least one not whitespace.
 * The source of an ECMA-262 regular expression, for `new RegExp(namePattern, "u")` and for a
 * JSON Schema "pattern". It uses no lookaround, and its parts cannot overlap (leading whitespace,
 * the first other character, the rest), so it runs in linear time on any input.
 */
export const namePattern = `^[^${refusedClass}\\S]*[^${refusedClass}\\s][^${refusedClass}]*$`;

const kinds = refused.map((entry) => ({ test: new RegExp(`[${entry.ranges}]`, "u"), what: entry.what }));

/** What is wrong with `name` as a display name, as a sentence without its final period; null if nothing is. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== "string") return `a name must be a string, not ${name === null ? "null" : typeof name}`;
  if (name.length === 0) return "the name is empty";
  let position = 0;
  for (const character of name) {
    position += 1;
    const kind = kinds.find((candidate) => candidate.test.test(character));
    if (kind) return `the character at position ${position} is ${codePoint(character)}, ${kind.what}`;
  }
  if (name.trim().length === 0) return "the name is only whitespace";
  return null;
}

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Dataset columns the platform measures are named `property.<name>` (docs/properties.md), beside the
 * samples' `<model>.<field>` columns; so "property" is never a model's name, and a column with this
 * prefix is never a model's.
 */
export const propertyPrefix = "property.";
