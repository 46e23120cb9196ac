// Who may talk to a loopback server, through a real server on 127.0.0.1: a page elsewhere cannot
// read or delete data (Origin refused, no CORS grant), a rebound DNS name cannot reach it (Host
// refused), a JupyterLab on another loopback port can (with the token), and the dashboard page
// carries a Content-Security-Policy and refuses framing.
import { createHash } from "node:crypto";
import { Platform } from "../../src/platform";
import { hostAllowed, hostName, loopbackOrigins, originStanding } from "../../src/platform/http/requestOrigin";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const token = "origin-secret";
let directory: string;
let platform: Platform | undefined;
let server: RunningApiServer | undefined;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-origin-");
  platform = await Platform.open({ data: directory });
  await platform.uploadDataset(
    "victim",
    { format: "table", table: (await import("apache-arrow")).tableFromArrays({ id: Int32Array.from([1, 2, 3]) }) },
    { idFields: ["id"] },
  );
  server = await startApiServer(platform, { token });
});

afterAll(async () => {
  await server?.stop();
  platform?.close();
  removeTemporaryDirectory(directory);
});

const send = (method: string, path: string, headers: Record<string, string>) => rawRequest(server!.url, method, path, headers);

const authorised = { Authorization: `Bearer ${token}` };
const ownHost = () => new URL(server!.url).host;

test("DELETE from a page on evil.example, with the token, is refused: 403 forbidden_origin, no CORS grant, the dataset stays", async () => {
  const answer = await send("DELETE", "/api/v1/datasets/victim", { ...authorised, Host: ownHost(), Origin: "https://evil.example" });
  expect(answer.status).toBe(403);
  expect(JSON.parse(answer.body).error.code).toBe("forbidden_origin");
  expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  const listed = await send("GET", "/api/v1/datasets", { ...authorised, Host: ownHost() });
  expect(JSON.parse(listed.body).datasets).toEqual(["victim"]);
});

test("a preflight from evil.example gets 403 and no Access-Control-Allow-Methods", async () => {
  const answer = await send("OPTIONS", "/api/v1/datasets/victim", {
    Host: ownHost(),
    Origin: "https://evil.example",
    "Access-Control-Request-Method": "DELETE",
  });
  expect(answer.status).toBe(403);
  expect(answer.headers["access-control-allow-methods"]).toBeUndefined();
});

test("DNS rebinding: Host attacker.example:18741 is refused with 403 forbidden_host, even with the token", async () => {
  const answer = await send("GET", "/api/v1/datasets", { ...authorised, Host: "attacker.example:18741" });
  expect(answer.status).toBe(403);
  expect(JSON.parse(answer.body).error.code).toBe("forbidden_host");
});

test("a JupyterLab on another loopback port may call it with the token: the answer grants that origin, not *", async () => {
  const origin = "http://127.0.0.1:8888";
  const preflight = await send("OPTIONS", "/api/v1/datasets/victim/quality-standard", {
    Host: ownHost(),
    Origin: origin,
    "Access-Control-Request-Method": "PUT",
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers["access-control-allow-origin"]).toBe(origin);
  expect(preflight.headers["access-control-allow-methods"]).toContain("PUT");
  const listed = await send("GET", "/api/v1/datasets", { ...authorised, Host: ownHost(), Origin: origin });
  expect(listed.status).toBe(200);
  expect(listed.headers["access-control-allow-origin"]).toBe(origin);
  expect(listed.headers.vary).toBe("Origin");
  // Without the token the origin is no help.
  expect((await send("GET", "/api/v1/datasets", { Host: ownHost(), Origin: origin })).status).toBe(401);
});

test("the dashboard page sends a CSP without 'unsafe-eval' or a wildcard, refuses framing, and no response is sniffed", async () => {
  const page = await send("GET", "/", { Host: ownHost() });
  expect(page.status).toBe(200);
  const csp = String(page.headers["content-security-policy"]);
  expect(csp).toContain("default-src 'none'");
  // The hash is the one of the page's inline script, character for character (else the page is dead).
  const inline = /<script>([\s\S]*?)<\/script>/.exec(page.body)![1];
  expect(csp).toContain(`script-src 'self' 'sha256-${createHash("sha256").update(inline, "utf8").digest("base64")}'`);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).not.toMatch(/\s\*[;\s]|\s\*$/);
  expect(page.headers["x-frame-options"]).toBe("DENY");
  expect(page.headers["x-content-type-options"]).toBe("nosniff");
  const api = await send("GET", "/api/v1/datasets", { ...authorised, Host: ownHost() });
  expect(api.headers["x-content-type-options"]).toBe("nosniff");
});

test("the rules by hand: loopback names pass, others only when allowed; origins same, allowed by port wildcard, or refused", () => {
  const policy = { loopback: true, allowHosts: ["lab.internal"], allowOrigins: loopbackOrigins };
  expect(hostName("[::1]:8765")).toBe("[::1]");
  expect(["127.0.0.1:8765", "localhost", "[::1]:1", "LAB.internal:80"].map((host) => hostAllowed(host, policy))).toEqual([true, true, true, true]);
  expect(["attacker.example:8765", "127.0.0.1.nip.io", undefined].map((host) => hostAllowed(host, policy))).toEqual([false, false, false]);
  expect(hostAllowed("anything.example", { ...policy, loopback: false })).toBe(true);
  expect(originStanding("http://127.0.0.1:8765", "127.0.0.1:8765", policy)).toBe("same");
  expect(originStanding("http://localhost:8888", "127.0.0.1:8765", policy)).toBe("allowed");
  expect(originStanding("http://[::1]:8888", "127.0.0.1:8765", policy)).toBe("allowed");
  expect(originStanding("https://localhost.evil.example", "127.0.0.1:8765", policy)).toBe("refused");
  expect(originStanding("null", "127.0.0.1:8765", policy)).toBe("refused");
  expect(originStanding("https://lab.example:8443", "127.0.0.1:8765", { ...policy, allowOrigins: ["https://lab.example:8443"] })).toBe("allowed");
});
