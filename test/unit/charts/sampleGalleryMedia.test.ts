// How the gallery turns a cell into a picture: magic-byte sniffing, the locator allow-list, and the Blob URL cache.
import { digitImage } from "../../../examples/digits/png";
import { describeBytes, imageSize, inlineImageLimit, ObjectUrlCache, safeImageUrl, sniffImageType, textSnippet } from "../../../src/charts/sampleGalleryMedia";

const digit = digitImage(new Uint8Array(64));

describe("sniffImageType", () => {
  test("names PNG, JPEG, GIF and WebP from their first bytes", () => {
    expect(sniffImageType(digit)).toEqual({ mime: "image/png", name: "PNG" });
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.mime).toBe("image/jpeg");
    expect(sniffImageType(new TextEncoder().encode("GIF89a……"))?.mime).toBe("image/gif");
    expect(sniffImageType(new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))?.mime).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("<svg onload=alert(1)>"))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });

  test("reads a PNG's size from its header and describes bytes for a person", () => {
    expect(imageSize(digit)).toEqual({ width: 32, height: 32 });
    // A view into a larger buffer is read at its own offset.
    const padded = new Uint8Array(digit.length + 7);
    padded.set(digit, 7);
    expect(imageSize(padded.subarray(7))).toEqual({ width: 32, height: 32 });
    expect(describeBytes(digit)).toBe(`PNG, ${digit.length} bytes`);
    expect(describeBytes(Uint8Array.from([1]))).toBe("binary, 1 byte");
  });
});

describe("safeImageUrl", () => {
  test.each([
    ["https://example.org/a.png", "https://example.org/a.png"],
    ["  http://example.org/a b.png ", "http://example.org/a%20b.png"],
    ["data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo="],
  ])("loads %j", (locator, url) => expect(safeImageUrl(locator)).toBe(url));

  test.each([
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "\u0001javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "images/1.png",
    "//evil.example/x.png",
    "s3://bucket/key.png",
    "",
  ])("does not load %j", (locator) => expect(safeImageUrl(locator)).toBeNull());
});

describe("ObjectUrlCache", () => {
  /** A PNG signature followed by padding: past the inline limit, so it becomes a Blob URL. */
  const large = new Uint8Array(inlineImageLimit + 1);
  large.set(digit.subarray(0, 8));

  test("small images become data: URLs, with no Blob URL to revoke", () => {
    const cache = new ObjectUrlCache({ createObjectURL: () => "blob:never", revokeObjectURL: () => undefined });
    const url = cache.get(1, digit);
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    expect(Uint8Array.from(atob(url.slice("data:image/png;base64,".length)), (character) => character.charCodeAt(0))).toEqual(digit);
  });

  test("makes one Blob URL per row for large images, evicts the least recently used past capacity, and revokes the rest on clear", () => {
    const created: string[] = [];
    const revoked: string[] = [];
    const cache = new ObjectUrlCache(
      {
        createObjectURL: (blob) => {
          expect(blob.type).toBe("image/png");
          created.push(`blob:${created.length}`);
          return created[created.length - 1];
        },
        revokeObjectURL: (url) => void revoked.push(url),
      },
      2,
    );
    expect(cache.get(10, large)).toBe("blob:0");
    expect(cache.get(11, large)).toBe("blob:1");
    expect(cache.get(10, large)).toBe("blob:0");
    expect(cache.get(12, large)).toBe("blob:2");
    expect(revoked).toEqual(["blob:1"]);
    cache.clear();
    expect(revoked.sort()).toEqual(["blob:0", "blob:1", "blob:2"]);
    expect(cache.size).toBe(0);
  });
});

test("textSnippet cuts long text at a word", () => {
  expect(textSnippet("short")).toBe("short");
  expect(textSnippet("alpha beta gamma delta", 12)).toBe("alpha beta…");
});
