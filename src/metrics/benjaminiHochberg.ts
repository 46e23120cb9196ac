// Benjamini–Hochberg adjusted p-values (q-values), to control the false discovery rate
// across the many slices and metrics compared at once.

/**
 * Benjamini–Hochberg step-up adjustment (Y. Benjamini & Y. Hochberg, JRSS B 1995), as R's
 * p.adjust(p, method = "BH"): with p₍₁₎ ≤ … ≤ p₍ₘ₎, q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j).
 * Null and NaN entries are not tests: they are left out of m and come back as null in place.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const indices: number[] = [];
  pValues.forEach((p, index) => {
    if (p !== null && !Number.isNaN(p)) indices.push(index);
  });
  indices.sort((left, right) => (pValues[left] as number) - (pValues[right] as number));
  const m = indices.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  // Walk from the largest p-value down, carrying the running minimum that makes q monotone.
  let runningMinimum = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = indices[rank - 1];
    runningMinimum = Math.min(runningMinimum, ((pValues[index] as number) * m) / rank);
    adjusted[index] = runningMinimum;
  }
  return adjusted;
}
