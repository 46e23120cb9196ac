// The exact one-sided tails shared by the worst-slice search and subclass discovery, by hand.
import { binomialUpperTail, hypergeometricUpperTail, mcnemarUpperTail } from "../../../src/metrics/exactTails";

describe("binomialUpperTail", () => {
  it("gives P(X ≥ 2) = 1 − 0.8⁵ − 5·0.2·0.8⁴ for X ~ Binomial(5, 0.2)", () => {
    expect(binomialUpperTail(2, 5, 0.2)).toBeCloseTo(1 - 0.8 ** 5 - 5 * 0.2 * 0.8 ** 4, 14);
  });
  it("is 1 for k = 0, 0 past n, and p^n for k = n", () => {
    expect(binomialUpperTail(0, 5, 0.3)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.3)).toBe(0);
    expect(binomialUpperTail(5, 5, 0.3)).toBeCloseTo(0.3 ** 5, 15);
  });
});

describe("mcnemarUpperTail", () => {
  it("gives P(X ≥ 6 | 7, ½) = 8/128 for 6 losses and 1 win, and 1 with no losses", () => {
    expect(mcnemarUpperTail(6, 1)).toBeCloseTo(8 / 128, 14);
    expect(mcnemarUpperTail(0, 4)).toBe(1);
  });
});

describe("hypergeometricUpperTail", () => {
  it("gives (C(4,3)·C(6,1) + C(4,4))/C(10,4) = 25/210 for 3 or more of 4 errors among 4 of 10 rows", () => {
    expect(hypergeometricUpperTail(3, 4, 4, 10)).toBeCloseTo(25 / 210, 14);
  });
  it("is 1 at or below the least possible count, 0 above the largest", () => {
    expect(hypergeometricUpperTail(2, 8, 4, 10)).toBe(1);
    expect(hypergeometricUpperTail(5, 4, 4, 10)).toBe(0);
  });
  it("approaches the binomial tail when the rest is large: 3 of 10 at a rate of 1% among 10^6 rows", () => {
    const fisher = hypergeometricUpperTail(3, 10, 10_000, 1_000_000);
    expect(Math.abs(fisher / binomialUpperTail(3, 10, 0.01) - 1)).toBeLessThan(1e-3);
  });
  it("keeps tiny tails: 50 of 50 drawn when 50 of 10,000 are errors is 1/C(10000, 50)", () => {
    let logChoose = 0;
    for (let i = 0; i < 50; i++) logChoose += Math.log((10_000 - i) / (i + 1));
    expect(Math.log(hypergeometricUpperTail(50, 50, 50, 10_000)) / -logChoose).toBeCloseTo(1, 9);
  });
});
