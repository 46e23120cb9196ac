// A seeded pseudo-random number generator whose stream is the same in every JavaScript
// engine, and a hash that derives its seed from names, so bootstrap resamples are reproducible.

const TWO_POWER_27 = 134217728;
const TWO_POWER_53 = 9007199254740992;
const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// ASCII unit separator: keeps ("ab", "c") and ("a", "bc") apart.
const PART_SEPARATOR = 0x1f;

/**
 * A generator of floats in [0, 1) with 53 random bits, built from two 32-bit outputs of
 * xoshiro128** (D. Blackman & S. Vigna, "Scrambled linear pseudorandom number generators",
 * 2021). Only 32-bit integer operations (Math.imul, shifts, xor) are used, so every engine
 * produces the same stream. The seed is taken modulo 2^32 and expanded into the 128-bit
 * state by splitmix32, since xoshiro must not start from correlated or all-zero words.
 */
export function createRandom(seed: number): () => number {
  const seeder = splitMix32(seed >>> 0);
  // The state lives in an Int32Array and in locals, not in variables the closure keeps: those
  // hold a 32-bit value boxed (V8's small integers have 31 bits), which made a draw 3× slower.
  const state = Int32Array.of(seeder(), seeder(), seeder(), seeder());
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;

  return function random(): number {
    let s0 = state[0];
    let s1 = state[1];
    let s2 = state[2];
    let s3 = state[3];
    // Two steps of xoshiro128**, written out: the top 26 bits of the first output and 27 of the
    // second make a 53-bit integer, a double's precision.
    const high = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 6;
    let shifted = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= shifted;
    s3 = rotateLeft(s3, 11);
    const low = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 5;
    shifted = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= shifted;
    s3 = rotateLeft(s3, 11);
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
    return (high * TWO_POWER_27 + low) / TWO_POWER_53;
  };
}

/**
 * A 32-bit seed from names and numbers, e.g. hashSeed(testCase, model, metric), so each
 * bootstrap draws the same stream whatever order the evaluation runs in. FNV-1a
 * (Fowler, Noll & Vo) over the UTF-8 bytes of the parts joined by a unit separator.
 */
export function hashSeed(...parts: (string | number)[]): number {
  const joined = parts.map(String).join(String.fromCharCode(PART_SEPARATOR));
  const bytes = new TextEncoder().encode(joined);
  let hash = FNV_OFFSET_BASIS;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME);
  return hash >>> 0;
}

/**
 * splitmix32: a Weyl sequence passed through the MurmurHash3 32-bit finalizer (A. Appleby),
 * so neighbouring seeds give unrelated states.
 */
function splitMix32(seed: number): () => number {
  let state = seed | 0;
  return function next(): number {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
