// Platform.extractProperties (issue 18, part 1): the digits example's thumbnails measured into a new
// dataset commit with `property.*` columns, checked against the digits' own pixels; a corrupt image
// reported by id and skipped; text and box properties through the store; locators read from disk.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Binary, Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import { buildDigitsExample } from "../../examples/digits";
import { encodeGrayscalePng } from "../../examples/digits/png";
import { readDigits } from "../../examples/digits/readDigits";
import { SlicewiseError } from "../../src/core";
import { Platform, Progress } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-properties-");
  platform = await Platform.open({ data: join(directory, "data") });
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

const imageNames = ["width", "height", "aspect_ratio", "brightness", "contrast", "sharpness", "entropy", "symmetry"];

describe("extractProperties on the digits example", () => {
  it("adds the eight image properties to all 1,797 rows in a second commit", async () => {
    const example = buildDigitsExample();
    await platform.uploadDataset("digits", { format: "table", table: example.dataset });
    const progress: Progress[] = [];
    const summary = await platform.extractProperties("digits", { image: "image" }, { onProgress: (step) => progress.push(step) });
    expect(summary).toMatchObject({ dataset: "digits", commit: 2, rows: 1797, bad_images: 0, bad_image_examples: [] });
    expect(summary.columns).toEqual(imageNames.map((name) => `property.${name}`));
    expect(progress.at(-1)).toEqual({ done: 1797, total: 1797, unit: "rows" });

    const description = await platform.describeDataset("digits");
    expect(description.commit).toBe(2);
    expect(description.rows).toBe(1797);
    const types = Object.fromEntries(description.columns.map((column) => [column.name, column.type]));
    expect(types["property.width"]).toBe("INTEGER");
    expect(types["property.brightness"]).toBe("DOUBLE");
    // The uploaded columns stay, in their order, before the properties.
    expect(description.columns.slice(0, example.dataset.schema.fields.length).map((column) => column.name)).toEqual(
      example.dataset.schema.fields.map((field) => field.name),
    );

    // Each thumbnail is the 8×8 digit enlarged 4× with gray = round(255 − 255·ink/16): its brightness is the
    // mean of those grays / 255, and its symmetry 1 − the mean |g(x) − g(7 − x)| / 255, both over the 8×8 grid.
    const digits = readDigits();
    const samples = await platform.samples("digits", { limit: 1797 });
    for (const row of [0, 1, 1000, 1796]) {
      const sample = samples.get(row)!.toJSON();
      const ink = digits.pixels.subarray(row * 64, row * 64 + 64);
      const gray = Array.from(ink, (value) => Math.round(255 - (value * 255) / 16) / 255);
      let mirrored = 0;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) mirrored += Math.abs(gray[y * 8 + x] - gray[y * 8 + 7 - x]);
      expect(Number(sample.image_id)).toBe(row);
      expect(sample["property.width"]).toBe(32);
      expect(sample["property.height"]).toBe(32);
      expect(sample["property.aspect_ratio"]).toBe(1);
      expect(sample["property.brightness"]).toBeCloseTo(gray.reduce((sum, value) => sum + value, 0) / 64, 10);
      expect(sample["property.symmetry"]).toBeCloseTo(1 - mirrored / 64, 10);
      expect(sample["property.entropy"]).toBeGreaterThan(0);
    }
  }, 120000);

  it("replaces the property columns when run again, rather than adding a second set", async () => {
    const summary = await platform.extractProperties("digits", { image: "image" });
    expect(summary.commit).toBe(3);
    const names = (await platform.describeDataset("digits")).columns.map((column) => column.name);
    expect(names.filter((name) => name === "property.brightness")).toHaveLength(1);
  });
});

describe("extractProperties with bad images, text, boxes and locators", () => {
  const white = encodeGrayscalePng(new Uint8Array(16).fill(255), 4, 4);

  it("reports a corrupt and a truncated image by id, skips them, and leaves a missing image null without a report", async () => {
    const table = new Table({
      id: vectorFromArray([1, 2, 3, 4], new Int32()),
      image: vectorFromArray([white, new TextEncoder().encode("not an image"), white.subarray(0, 40), null], new Binary()),
    });
    await platform.uploadDataset("corrupt", { format: "table", table });
    const summary = await platform.extractProperties("corrupt", { image: "image" });
    expect(summary.bad_images).toBe(2);
    expect(summary.bad_image_examples.map((example) => example.id)).toEqual(["2", "3"]);
    expect(summary.bad_image_examples[0].reason).toMatch(/neither a PNG nor a JPEG/);
    const rows = (await platform.samples("corrupt", { limit: 10, order_by: "id" })).toArray().map((row) => row.toJSON());
    expect(rows.map((row) => row["property.brightness"])).toEqual([1, null, null, null]);
    expect(rows.map((row) => row["property.contrast"])).toEqual([0, null, null, null]);
  });

  it("measures text and, with the image's size, boxes", async () => {
    // Box 1: 0..2 × 0..2 on a 4×4 image: area 4/16, centre (1, 1), √2 from the centre (2, 2) over a half diagonal of √8 → 0.5.
    const table = new Table({
      id: vectorFromArray([1, 2], new Int32()),
      image: vectorFromArray([white, white], new Binary()),
      caption: vectorFromArray(["Two words. And three more!", null], new Utf8()),
      boxes: vectorFromArray(['[{"x_min": 0, "y_min": 0, "x_max": 2, "y_max": 2, "label": "a"}]', "[]"], new Utf8()),
    });
    await platform.uploadDataset("captions", { format: "table", table });
    await platform.extractProperties("captions", { image: "image", text: "caption", boxes: "boxes" });
    const rows = (await platform.samples("captions", { limit: 10, order_by: "id" })).toArray().map((row) => row.toJSON());
    expect(rows[0]).toMatchObject({
      "property.characters": 26,
      "property.words": 5,
      "property.sentences": 2,
      "property.mean_word_length": (3 + 5 + 3 + 5 + 4) / 5,
      "property.object_count": 1,
      "property.mean_relative_area": 0.25,
      "property.min_relative_area": 0.25,
    });
    expect(rows[0]["property.mean_center_distance"]).toBeCloseTo(0.5, 12);
    expect(rows[1]).toMatchObject({ "property.characters": null, "property.words": null, "property.object_count": 0, "property.mean_relative_area": null });
  });

  it("reads images from local paths and refuses URLs as bad images", async () => {
    const path = join(directory, "white.png");
    writeFileSync(path, white);
    const table = new Table({
      id: vectorFromArray([1, 2, 3], new Int32()),
      locator: vectorFromArray([path, "https://example.com/a.png", join(directory, "missing.png")], new Utf8()),
    });
    await platform.uploadDataset("located", { format: "table", table });
    const summary = await platform.extractProperties("located", { image: "locator" });
    expect(summary.bad_image_examples.map((example) => example.id)).toEqual(["2", "3"]);
    expect(summary.bad_image_examples[0].reason).toMatch(/only local files/);
    const rows = (await platform.samples("located", { limit: 10, order_by: "id" })).toArray().map((row) => row.toJSON());
    expect(rows.map((row) => row["property.width"])).toEqual([4, null, null]);
  });

  it("refuses an unknown column and a column of the wrong type with coded errors", async () => {
    await expect(platform.extractProperties("corrupt", { image: "picture" })).rejects.toMatchObject({ code: "unknown_field" });
    await expect(platform.extractProperties("captions", { text: "id" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(platform.extractProperties("captions", {})).rejects.toBeInstanceOf(SlicewiseError);
  });
});
