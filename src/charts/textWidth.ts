// Text widths estimated from characters, and text cut to fit: charts lay out without a
// layout engine (jsdom, Deno, a report page before it is shown).

/** Width of text in px from its characters: narrow, wide and full-width glyphs, no layout needed. */
export function estimateTextWidth(text: string, size: number): number {
  let units = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (
      code >= 0x1100 &&
      (code <= 0x115f ||
        (code >= 0x2e80 && code <= 0xa4cf) ||
        (code >= 0xac00 && code <= 0xd7a3) ||
        (code >= 0xf900 && code <= 0xfaff) ||
        (code >= 0xfe30 && code <= 0xfe4f) ||
        (code >= 0xff00 && code <= 0xff60) ||
        code >= 0x1f300)
    )
      units += 1;
    else if ("il.,:;|!'`()[]{} jft/".includes(character)) units += 0.34;
    else if ((character >= "A" && character <= "Z") || "mwMW@%".includes(character)) units += 0.78;
    // Generous for lowercase and digits: a label that overflows the chart's edge is worse than one cut early.
    else units += 0.62;
  }
  return units * size;
}

/** The text, cut with an ellipsis so that it fits maxWidth. */
export function truncateText(text: string, maxWidth: number, size: number): string {
  if (estimateTextWidth(text, size) <= maxWidth) return text;
  const budget = maxWidth - estimateTextWidth("…", size);
  let width = 0;
  let cut = "";
  for (const character of text) {
    width += estimateTextWidth(character, size);
    if (width > budget) break;
    cut += character;
  }
  return `${cut.trimEnd()}…`;
}
