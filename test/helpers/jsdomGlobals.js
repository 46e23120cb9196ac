// Browser APIs jsdom lacks and our front-end dependencies expect as they load: the Encoding API
// (apache-arrow) and DragEvent (@lumino/dragdrop extends it). Node's own where it has one.
const { TextDecoder, TextEncoder } = require("node:util");
if (typeof globalThis.TextEncoder === "undefined") globalThis.TextEncoder = TextEncoder;
if (typeof globalThis.TextDecoder === "undefined") globalThis.TextDecoder = TextDecoder;
if (typeof globalThis.MouseEvent !== "undefined" && typeof globalThis.DragEvent === "undefined") {
  globalThis.DragEvent = class DragEvent extends globalThis.MouseEvent {
    constructor(type, init = {}) {
      super(type, init);
      this.dataTransfer = init.dataTransfer ?? null;
    }
  };
}
