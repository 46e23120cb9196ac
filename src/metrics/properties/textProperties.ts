// The text properties of one string: characters, words, sentences and mean word length
// (rules in docs/properties.md).

export interface TextProperties {
  /** Unicode code points, spaces and punctuation included. */
  characters: number;
  /** Runs of letters, digits and marks; an apostrophe or hyphen inside a run keeps it one word. */
  words: number;
  /** Stretches ending in `.`, `!`, `?` or `…` (a run of them ends one sentence), plus a last unterminated stretch; only stretches with a word count. */
  sentences: number;
  /** Mean code points per word; null when there is no word. */
  mean_word_length: number | null;
}

export const textPropertyNames = ["characters", "words", "sentences", "mean_word_length"] as const;

const wordPattern = /[\p{L}\p{N}\p{M}]+(?:['’\-‐][\p{L}\p{N}\p{M}]+)*/gu;
const sentenceEnd = /[.!?…]+/u;
const hasWord = /[\p{L}\p{N}]/u;

export function textProperties(text: string): TextProperties {
  let characters = 0;
  for (const _ of text) characters += 1;
  let words = 0;
  let letters = 0;
  for (const match of text.matchAll(wordPattern)) {
    words += 1;
    for (const _ of match[0]) letters += 1;
  }
  // A terminator only ends a sentence when followed by white space or the end ("3.5", "e.g.x" stay whole).
  const stretches = text.split(new RegExp(`${sentenceEnd.source}(?=\\s|$)`, "u"));
  const sentences = stretches.filter((stretch) => hasWord.test(stretch)).length;
  return { characters, words, sentences, mean_word_length: words === 0 ? null : letters / words };
}
