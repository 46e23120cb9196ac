// Usable display names: no control, bidi or invisible characters, not only whitespace; the
// pattern and nameProblem agree on every name.
import { namePattern, nameProblem } from "../../../src/core";

const pattern = new RegExp(namePattern, "u");

test("ordinary names, ASCII or not, are usable", () => {
  for (const name of ["digits", "café", "数字", "ü-net", "resnet 50 (v2)", "ميزان", "🙂 smile", " padded "]) {
    expect(nameProblem(name)).toBeNull();
    expect(pattern.test(name)).toBe(true);
  }
});

test("a right-to-left override is refused by code point and position", () => {
  expect(nameProblem("a\u202Eb")).toBe("the character at position 2 is U+202E, a bidi control, which reorders how the text around it is displayed");
  expect(pattern.test("a\u202Eb")).toBe(false);
});

test("positions count characters, not UTF-16 units: an emoji is one", () => {
  expect(nameProblem("🙂\u2066x")).toMatch(/^the character at position 2 is U\+2066, a bidi control/);
});

test("a zero-width space is refused as invisible", () => {
  expect(nameProblem("ab\u200B")).toBe("the character at position 3 is U+200B, an invisible formatting character, which makes the name look like another");
  expect(pattern.test("ab\u200B")).toBe(false);
});

test("control characters are refused, C0 and C1", () => {
  expect(nameProblem("a\nb")).toBe("the character at position 2 is U+000A, a control character");
  expect(nameProblem("\u0085")).toBe("the character at position 1 is U+0085, a control character");
});

test("empty and whitespace-only names are refused", () => {
  expect(nameProblem("")).toBe("the name is empty");
  expect(nameProblem("   ")).toBe("the name is only whitespace");
  expect(pattern.test("")).toBe(false);
  expect(pattern.test("   ")).toBe(false);
  expect(pattern.test("\u3000\u00A0")).toBe(false);
});

test("a name that is not a string is refused", () => {
  expect(nameProblem(42)).toBe("a name must be a string, not number");
  expect(nameProblem(null)).toBe("a name must be a string, not null");
});

test("every refused character is refused by both, and its neighbours are not", () => {
  const refused = [
    0x00, 0x1f, 0x7f, 0x9f, 0xad, 0x61c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202e, 0x2028, 0x2029, 0x2060, 0x2064, 0x2066, 0x2069, 0xfeff,
  ];
  for (const code of refused) {
    const name = `x${String.fromCodePoint(code)}`;
    expect([code, pattern.test(name)]).toEqual([code, false]);
    expect(nameProblem(name)).toContain(`U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  for (const code of [0x20, 0x7e, 0xa0, 0xae, 0x61b, 0x200a, 0x2010, 0x2027, 0x202f, 0x205f, 0x206a, 0xfefe, 0xff01]) {
    const name = `x${String.fromCodePoint(code)}`;
    expect([code, pattern.test(name), nameProblem(name)]).toEqual([code, true, null]);
  }
});

test("the pattern takes linear time on a long name that fails at its end", () => {
  const name = `${"a".repeat(200_000)}\u202E`;
  const started = Date.now();
  expect(pattern.test(name)).toBe(false);
  expect(Date.now() - started).toBeLessThan(500);
});
