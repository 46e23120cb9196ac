// Decoded pixels → one luminance value per pixel on 0–1, the plane every image property is measured on.

/** Decoded 8-bit pixels, row by row, `channels` interleaved values per pixel (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA). */
export interface Pixels {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/**
 * Luminance of each pixel on 0–1. Gray is taken as is; colour uses the Rec. 601 luma weights
 * (ITU-R BT.601: Y = 0.299 R + 0.587 G + 0.114 B) on the stored, gamma-encoded values. Alpha is
 * ignored. `into` is reused when it is long enough, so a loop over many images allocates once.
 */
export function luminance(pixels: Pixels, into?: Float64Array): Float64Array {
  const { width, height, channels, data } = pixels;
  const count = width * height;
  if (!(channels >= 1 && channels <= 4)) throw new RangeError(`luminance needs 1 to 4 channels per pixel; got ${channels}`);
  if (data.length < count * channels) throw new RangeError(`luminance needs ${count * channels} values for ${width}×${height}×${channels}; got ${data.length}`);
  const plane = into && into.length >= count ? into.subarray(0, count) : new Float64Array(count);
  if (channels <= 2) {
    for (let pixel = 0, at = 0; pixel < count; pixel++, at += channels) plane[pixel] = data[at] / 255;
  } else {
    for (let pixel = 0, at = 0; pixel < count; pixel++, at += channels) plane[pixel] = (0.299 * data[at] + 0.587 * data[at + 1] + 0.114 * data[at + 2]) / 255;
  }
  return plane;
}
