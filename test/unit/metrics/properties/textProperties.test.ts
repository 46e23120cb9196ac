// Tests for the text properties' counting rules.
import { textProperties } from "../../../../src/metrics";

describe("textProperties", () => {
  it("counts two sentences, five words and their mean length", () => {
    // Words: The(3) cat(3) sat(3) Did(3) it(2) = 14 letters over 5 words.
    expect(textProperties("The cat sat. Did it?")).toEqual({ characters: 20, words: 5, sentences: 2, mean_word_length: 14 / 5 });
  });

  it("keeps contractions and hyphenated words whole, and a decimal point inside a sentence", () => {
    // "3.5" is two runs of digits split by the point; the point ends no sentence (no space after it).
    const properties = textProperties("Don't re-run 3.5 times");
    expect(properties.words).toBe(5); // Don't, re-run, 3, 5, times
    expect(properties.sentences).toBe(1);
    expect(properties.mean_word_length).toBeCloseTo((5 + 6 + 1 + 1 + 5) / 5, 12);
  });

  it("counts a run of terminators once and an unterminated last stretch", () => {
    expect(textProperties("Wait!!! Really?! yes").sentences).toBe(3);
  });

  it("counts code points, not UTF-16 units", () => {
    expect(textProperties("é😀").characters).toBe(2);
  });

  it("gives zero words, zero sentences and no mean length for empty or punctuation-only text", () => {
    expect(textProperties("")).toEqual({ characters: 0, words: 0, sentences: 0, mean_word_length: null });
    expect(textProperties("... !")).toEqual({ characters: 5, words: 0, sentences: 0, mean_word_length: null });
  });
});
