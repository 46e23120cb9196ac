// Tests for the image properties on small images whose values can be worked out by hand.
import { imageProperties, luminance } from "../../../../src/metrics";

const gray = (width: number, height: number, values: number[]) => ({ width, height, channels: 1, data: Uint8Array.from(values) });

describe("imageProperties", () => {
  it("measures a constant 4×3 gray image: contrast, sharpness and entropy 0, symmetry 1", () => {
    const properties = imageProperties(gray(4, 3, new Array(12).fill(51)));
    expect(properties.width).toBe(4);
    expect(properties.height).toBe(3);
    expect(properties.aspect_ratio).toBeCloseTo(4 / 3, 12);
    expect(properties.brightness).toBeCloseTo(0.2, 12); // 51 / 255
    expect(properties.contrast).toBe(0);
    expect(properties.sharpness).toBe(0);
    expect(properties.entropy).toBe(0);
    expect(properties.symmetry).toBe(1);
  });

  it("measures a 4×4 black-and-white checkerboard", () => {
    const values: number[] = [];
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) values.push((x + y) % 2 === 0 ? 255 : 0);
    const properties = imageProperties(gray(4, 4, values));
    // Half the pixels are 1, half 0: mean 0.5, standard deviation 0.5, two equally likely levels = 1 bit.
    expect(properties.brightness).toBe(0.5);
    expect(properties.contrast).toBe(0.5);
    expect(properties.entropy).toBe(1);
    // The 2×2 interior: a white pixel has four black neighbours (Δ = −4), a black one four white (Δ = +4);
    // two of each, so the mean is 0 and the variance 16.
    expect(properties.sharpness).toBe(16);
    // With an even width, x and 3 − x differ in parity, so every mirrored pair differs by 1.
    expect(properties.symmetry).toBe(0);
  });

  it("measures a horizontal gradient 0, 51, 102 (luminance 0, 0.2, 0.4) in two rows", () => {
    const properties = imageProperties(gray(3, 2, [0, 51, 102, 0, 51, 102]));
    expect(properties.brightness).toBeCloseTo(0.2, 12);
    // Deviations −0.2, 0, 0.2: variance (0.04 + 0 + 0.04) / 3.
    expect(properties.contrast).toBeCloseTo(Math.sqrt(0.08 / 3), 12);
    // Mirrored differences per row: 0.4, 0, 0.4 → mean 0.8 / 3.
    expect(properties.symmetry).toBeCloseTo(1 - 0.8 / 3, 12);
    // Three equally likely levels: log₂ 3 bits.
    expect(properties.entropy).toBeCloseTo(Math.log2(3), 12);
    // No pixel has four neighbours in a 3×2 image.
    expect(properties.sharpness).toBe(0);
  });

  it("has a linear gradient's Laplacian zero everywhere inside (5×3, steps of 51)", () => {
    const row = [0, 51, 102, 153, 204];
    expect(imageProperties(gray(5, 3, [...row, ...row, ...row])).sharpness).toBeCloseTo(0, 12);
  });

  it("reads a colour pixel with the Rec. 601 weights and ignores alpha", () => {
    // Pure red, green, blue at full alpha, and a white pixel fully transparent.
    const rgba = { width: 4, height: 1, channels: 4, data: Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]) };
    const plane = luminance(rgba);
    expect(Array.from(plane).map((value) => Number(value.toFixed(6)))).toEqual([0.299, 0.587, 0.114, 1]);
    expect(imageProperties(rgba).brightness).toBeCloseTo((0.299 + 0.587 + 0.114 + 1) / 4, 12);
  });

  it("refuses pixels that do not fill the image", () => {
    expect(() => imageProperties(gray(2, 2, [1, 2, 3]))).toThrow(/needs 4 values/);
  });
});
