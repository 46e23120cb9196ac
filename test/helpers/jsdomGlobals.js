// jsdom lacks the Encoding API that apache-arrow needs; Node's implementation is the standard one.
const { TextDecoder, TextEncoder } = require("node:util");
if (typeof globalThis.TextEncoder === "undefined") globalThis.TextEncoder = TextEncoder;
if (typeof globalThis.TextDecoder === "undefined") globalThis.TextDecoder = TextDecoder;
