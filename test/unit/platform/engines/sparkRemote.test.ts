// The Spark Connect connection string: host, port and parameters as the Spark Connect client
// connection string defines them.
import { parseSparkRemote } from "../../../../src/platform/engines/sparkConnect/remote";

test("a bare host gets the default port, no token, no TLS, and a new session", () => {
  expect(parseSparkRemote("sc://spark.example")).toEqual({
    host: "spark.example",
    port: 15002,
    token: undefined,
    userId: undefined,
    sessionId: undefined,
    userAgent: "slicewise",
    useSsl: false,
    maxMessageSize: 128 * 1024 * 1024,
    headers: {},
  });
});

test("parameters after /; are read, a token turns TLS on, and unknown ones become headers", () => {
  const remote = parseSparkRemote("sc://10.0.0.5:443/;token=abc%3D;user_id=ana;x-team=ml;grpc_max_message_size=1024");
  expect(remote).toMatchObject({ host: "10.0.0.5", port: 443, token: "abc=", userId: "ana", useSsl: true, maxMessageSize: 1024, headers: { "x-team": "ml" } });
  expect(parseSparkRemote("sc://h/;token=t;use_ssl=false").useSsl).toBe(false);
  expect(parseSparkRemote("sc://[::1]:15002").host).toBe("::1");
  expect(parseSparkRemote("sc://h/;session_id=00112233-4455-6677-8899-aabbccddeeff").sessionId).toBe("00112233-4455-6677-8899-aabbccddeeff");
});

test.each([
  ["http://h:15002", "is not a Spark Connect connection string"],
  ["sc://h:0", "has port 0"],
  ["sc://h:15002/db", 'has the path "/db"'],
  ["sc://h/;token", 'has the parameter "token", not name=value'],
  ["sc://h/;use_ssl=yes", 'has use_ssl "yes"'],
  ["sc://h/;session_id=42", 'has session_id "42", not a UUID'],
])("%s is refused: it %s", (uri, why) => {
  expect(() => parseSparkRemote(uri)).toThrow(why);
  expect(() => parseSparkRemote(uri)).toThrow(expect.objectContaining({ code: "bad_request" }));
});
