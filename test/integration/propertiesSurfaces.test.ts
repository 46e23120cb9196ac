// extractProperties from the client's two workspaces and the shell: the HTTP route (POST
// /api/v1/datasets/{dataset}/properties) answers what the embedded platform does, refuses a body
// naming no column, and `slicewise properties` measures a CSV's image paths and text.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Binary, Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import { encodeGrayscalePng } from "../../examples/digits/png";
import { EmbeddedWorkspace, HttpWorkspace } from "../../src/client";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { killAllChildren, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;

beforeAll(() => {
  directory = makeTemporaryDirectory("slicewise-properties-surfaces-");
});

afterAll(async () => {
  await killAllChildren();
  removeTemporaryDirectory(directory);
});

// A 2×1 image, black then white: brightness 0.5, contrast 0.5, entropy 1 bit, symmetry 0.
const blackWhite = encodeGrayscalePng(Uint8Array.from([0, 255]), 2, 1);

describe("the properties route and the client", () => {
  let platform: Platform;
  let server: RunningApiServer;

  beforeAll(async () => {
    platform = await Platform.open({ data: join(directory, "http") });
    server = await startApiServer(platform);
  });

  afterAll(async () => {
    await server.stop();
    platform.close();
  });

  it("measures over HTTP in camelCase, the same numbers as in-process", async () => {
    const table = new Table({
      id: vectorFromArray([1, 2], new Int32()),
      image: vectorFromArray([blackWhite, Uint8Array.from([1, 2, 3])], new Binary()),
      caption: vectorFromArray(["One. Two.", "Three"], new Utf8()),
    });
    const http = new HttpWorkspace(server.url);
    await http.uploadDataset("pairs", table, { onProgress: false });
    const summary = await http.extractProperties("pairs", { image: "image", text: "caption" });
    expect(summary).toMatchObject({ dataset: "pairs", commit: 2, rows: 2, idFields: ["id"], badImages: 1 });
    expect(summary.badImageExamples).toEqual([{ id: "2", reason: "the bytes are neither a PNG nor a JPEG" }]);
    expect(summary.columns).toContain("property.sentences");

    const embedded = EmbeddedWorkspace.over(platform);
    const again = await embedded.extractProperties("pairs", { image: "image", text: "caption" }, { onProgress: false });
    expect(again.commit).toBe(3);
    const rows = (await http.samples("pairs", { orderBy: "id" })).toArray().map((row) => row.toJSON());
    expect(rows[0]).toMatchObject({
      "property.brightness": 0.5,
      "property.contrast": 0.5,
      "property.entropy": 1,
      "property.symmetry": 0,
      "property.sentences": 2,
    });
    expect(rows[1]).toMatchObject({ "property.brightness": null, "property.words": 1 });
  });

  it("answers 400 bad_request to a body that names no column or an unknown option", async () => {
    for (const body of [{}, { image: "image", colour: true }]) {
      const answer = await rawRequest(server.url, "POST", "/api/v1/datasets/pairs/properties", { "Content-Type": "application/json" }, [JSON.stringify(body)]);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error.code).toBe("bad_request");
    }
  });
});

describe("slicewise properties", () => {
  beforeAll(() => ensureCompiledLibrary(), 180_000);

  async function slicewise(args: string[]) {
    const run = startChild(process.execPath, [cliPath, ...args], { cwd: repositoryRoot, env: withoutSlicewiseSettings() });
    const { code } = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  it("measures a CSV's image paths and text, and names the file it could not read", async () => {
    const data = join(directory, "cli");
    const image = join(directory, "black-white.png");
    writeFileSync(image, blackWhite);
    writeFileSync(join(directory, "photos.csv"), `id,locator,caption\n1,${image},A cat.\n2,${join(directory, "gone.png")},Two dogs!\n`);
    expect((await slicewise(["upload", "photos", join(directory, "photos.csv"), "--data", data])).code).toBe(0);
    const run = await slicewise(["properties", "photos", "--image", "locator", "--text", "caption", "--data", data]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^measured 2 rows of photos: 12 property columns \(commit 2\)\n1 images could not be read; their properties are empty:\n {2}2: /,
    );
    expect(run.stdout).toMatch(/no such file/);
  }, 60_000);

  it("exits 2 with the usage when no column is named", async () => {
    const run = await slicewise(["properties", "photos", "--data", join(directory, "cli")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/usage: slicewise properties DATASET/);
  });
});
