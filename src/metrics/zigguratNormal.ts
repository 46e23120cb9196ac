// Standard normal draws by the ziggurat method (G. Marsaglia & W. W. Tsang, "The Ziggurat Method
// for Generating Random Variables", J. Stat. Software 5(8), 2000), 128 layers: about 99 % of
// draws cost one uniform, a multiply and a compare, where Box–Muller takes a logarithm, a
// square root, a sine and a cosine per pair. The draws are exactly N(0, 1), not an approximation.

const layers = 128;
/** Where the base layer's tail begins (r in the paper) and the area of each layer (v). */
const tailStart = 3.442619855899;
const layerArea = 9.91256303526217e-3;

/**
 * Per layer: the share of its width inside the rectangle under the curve, its half-width
 * (where a position in [−1, 1) lands on x), and f(x) = exp(−x²/2) at its edge. The paper keeps
 * the first two as 32-bit integers for its integer generator; ours draws doubles.
 */
const inside = new Float64Array(layers);
const width = new Float64Array(layers);
const density = new Float64Array(layers);

{
  // The layers' edges, from the tail inwards (the paper's zigset for the normal).
  let edge = tailStart;
  let previous = edge;
  const base = layerArea / Math.exp(-0.5 * edge * edge);
  inside[0] = edge / base;
  inside[1] = 0;
  width[0] = base;
  width[layers - 1] = edge;
  density[0] = 1;
  density[layers - 1] = Math.exp(-0.5 * edge * edge);
  for (let i = layers - 2; i >= 1; i--) {
    edge = Math.sqrt(-2 * Math.log(layerArea / edge + Math.exp(-0.5 * edge * edge)));
    inside[i + 1] = edge / previous;
    previous = edge;
    density[i] = Math.exp(-0.5 * edge * edge);
    width[i] = edge;
  }
}

/** One N(0, 1) draw from uniforms in [0, 1) (the library's seeded `createRandom`). */
export function zigguratNormal(random: () => number): number {
  for (;;) {
    // One uniform: its top 7 bits pick the layer, the 46 below them a position u in [−1, 1).
    const scaled = random() * layers;
    const layer = Math.floor(scaled);
    const u = 2 * (scaled - layer) - 1;
    if (Math.abs(u) < inside[layer]) return u * width[layer];
    if (layer === 0) {
      // The tail beyond r, by Marsaglia's (1964) exponential rejection.
      let x: number;
      let y: number;
      do {
        x = -Math.log(1 - random()) / tailStart;
        y = -Math.log(1 - random());
      } while (y + y < x * x);
      return u > 0 ? tailStart + x : -tailStart - x;
    }
    // In the wedge beside the rectangle: accept under the density, else draw again.
    const x = u * width[layer];
    if (density[layer] + random() * (density[layer - 1] - density[layer]) < Math.exp(-0.5 * x * x)) return x;
  }
}
