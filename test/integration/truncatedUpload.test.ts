// An Arrow upload that lost its end — a stream cut at a record-batch boundary reads as a valid,
// shorter stream — is refused with nothing stored, over HTTP; a whole stream of the same batches
// stores every row. The digits dataset, in three batches of 599 rows.
import { Table, tableToIPC } from "apache-arrow";
import { buildDigitsExample } from "../../examples/digits";
import { arrowEnding } from "../../src/platform/store/arrowEnd";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform | undefined;
let server: RunningApiServer | undefined;
let streams: { bytes: Uint8Array; cutAfterTwo: Uint8Array };

beforeAll(async () => {
  // Built before the server starts: an idle keep-alive connection past the server's 5 s timeout
  // would be reset under the next request.
  streams = threeBatchStream();
  directory = makeTemporaryDirectory("slicewise-truncated-");
  platform = await Platform.open({ data: directory });
  server = await startApiServer(platform);
});

afterAll(async () => {
  await server?.stop();
  platform?.close();
  removeTemporaryDirectory(directory);
});

/** The dataset as a stream of three record batches, and the bytes of that stream up to the end of its second batch. */
function threeBatchStream(): { bytes: Uint8Array; cutAfterTwo: Uint8Array } {
  const dataset = buildDigitsExample().dataset;
  const batches = [dataset.slice(0, 599), dataset.slice(599, 1198), dataset.slice(1198)].flatMap((part) => part.batches);
  const bytes = tableToIPC(new Table(dataset.schema, batches), "stream");
  // A stream of the first two batches is the same bytes up to its 8-byte end-of-stream marker.
  const two = tableToIPC(new Table(dataset.schema, batches.slice(0, 2)), "stream");
  const cutAfterTwo = bytes.slice(0, two.byteLength - 8);
  expect(Buffer.from(cutAfterTwo).equals(Buffer.from(two.subarray(0, two.byteLength - 8)))).toBe(true);
  return { bytes, cutAfterTwo };
}

const put = (name: string, body: Uint8Array) =>
  fetch(`${server!.url}/api/v1/datasets/${name}?id_fields=image_id`, {
    method: "PUT",
    body: Buffer.from(body),
    headers: { "Content-Type": "application/vnd.apache.arrow.stream" },
  });

test("a stream cut after its second batch is refused (400 truncated_upload) and nothing is stored", async () => {
  const { cutAfterTwo } = streams;
  const response = await put("cut", cutAfterTwo);
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("truncated_upload");
  expect(body.error.message).toContain("nothing was stored");
  const listed = (await (await fetch(`${server!.url}/api/v1/datasets`)).json()) as { datasets: string[] };
  expect(listed.datasets).not.toContain("cut");
});

test("the whole stream of the same three batches stores all 1,797 rows", async () => {
  const { bytes } = streams;
  const response = await put("whole", bytes);
  expect(response.status).toBe(201);
  const described = (await (await fetch(`${server!.url}/api/v1/datasets/whole`)).json()) as { rows: number };
  expect(described.rows).toBe(1797);
});

test("arrowEnding: a stream ends with 0xFFFFFFFF then a zero length; a file with ARROW1; anything else is truncated", () => {
  const stream = [1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0];
  expect(arrowEnding(Uint8Array.from(stream.slice(0, 8)), Uint8Array.from(stream.slice(-8)))).toBe("stream");
  // Cut after a batch's zero padding: the legacy 4-zero marker would accept it, this does not.
  expect(arrowEnding(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), Uint8Array.from([9, 9, 9, 9, 0, 0, 0, 0]))).toBe("truncated");
  const magic = [...Buffer.from("ARROW1")];
  expect(arrowEnding(Uint8Array.from([...magic, 0, 0]), Uint8Array.from([0, 0, ...magic]))).toBe("file");
  expect(arrowEnding(Uint8Array.from([...magic, 0, 0]), Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]))).toBe("truncated");
});

test("a path with malformed percent-encoding is a 400 bad_request, not a 500", async () => {
  const response = await fetch(`${server!.url}/api/v1/datasets/%E0%A4%A`);
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
});
