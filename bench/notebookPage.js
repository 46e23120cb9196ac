// Injected into the JupyterLab page before its own scripts (not run in Node): records every kernel
// message the page receives over the websocket (arrival time, bytes, channel, type, parent message id)
// and the moment Shift+Enter is pressed, and watches a cell for the first element of its widget.
// Exposes `window.notebookBench`.
"use strict";

(() => {
  const messages = [];
  let lastShiftEnter = null;
  const decoder = new TextDecoder();

  /** Channel, type, id and parent of a message in the v1.kernel.websocket.jupyter.org framing (or JSON text); a status's state. */
  function describe(data) {
    try {
      if (typeof data === "string") {
        const message = JSON.parse(data);
        const state = message.header?.msg_type === "status" ? message.content?.execution_state : undefined;
        return {
          channel: message.channel,
          type: message.header?.msg_type,
          id: message.header?.msg_id,
          parent: message.parent_header?.msg_id ?? null,
          state,
          bytes: new Blob([data]).size,
        };
      }
      const view = new DataView(data);
      const count = Number(view.getBigUint64(0, true));
      const offsets = Array.from({ length: count }, (_, index) => Number(view.getBigUint64(8 * (index + 1), true)));
      const part = (index) => decoder.decode(new Uint8Array(data, offsets[index], (offsets[index + 1] ?? data.byteLength) - offsets[index]));
      const header = JSON.parse(part(1));
      const parent = JSON.parse(part(2));
      const state = header.msg_type === "status" ? JSON.parse(part(4)).execution_state : undefined;
      return { channel: part(0), type: header.msg_type, id: header.msg_id, parent: parent.msg_id ?? null, state, bytes: data.byteLength, parts: count };
    } catch (error) {
      return { type: "unparsed", bytes: typeof data === "string" ? data.length : data.byteLength, error: String(error) };
    }
  }

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).includes("/api/kernels/")) return;
      this.addEventListener("message", (event) => messages.push({ time: performance.now(), ...describe(event.data) }));
      const send = this.send.bind(this);
      this.send = (data) => {
        messages.push({ time: performance.now(), sent: true, ...describe(data) });
        send(data);
      };
    }
  };

  window.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Enter" && event.shiftKey) lastShiftEnter = performance.now();
    },
    true,
  );

  window.notebookBench = {
    /**
     * Arms a watch on the active cell (the one Shift+Enter will run): resolves with the times, from
     * the Shift+Enter keydown, of the kernel's messages for that execution and of the first `selector`
     * in the cell's output, in the DOM and after the next painted frame.
     */
    watchActiveCell(selector, timeoutMs) {
      const cell = document.querySelector(".jp-Notebook .jp-Cell.jp-mod-active");
      if (!cell) return Promise.reject(new Error("no active cell"));
      lastShiftEnter = null;
      const firstMessage = messages.length;
      window.__notebookBenchWatch = new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(
            new Error(
              `no ${selector} in the cell's output within ${timeoutMs} ms; output: ${(cell.querySelector(".jp-OutputArea")?.textContent ?? "").slice(0, 500)}`,
            ),
          );
        }, timeoutMs);
        const found = () => {
          const element = cell.querySelector(`.jp-OutputArea ${selector}`);
          if (!element || lastShiftEnter === null) return false;
          observer.disconnect();
          clearTimeout(timer);
          const inDom = performance.now();
          const box = element.getBoundingClientRect();
          const laidOut = performance.now();
          requestAnimationFrame(() =>
            setTimeout(() => {
              const painted = performance.now();
              const trigger = lastShiftEnter;
              const own = messages.slice(firstMessage).filter((message) => message.time >= trigger);
              resolve({
                trigger,
                inDom: inDom - trigger,
                laidOut: laidOut - trigger,
                painted: painted - trigger,
                height: box.height,
                messages: own.map((message) => ({ ...message, time: message.time - trigger })),
              });
            }, 0),
          );
          return true;
        };
        const observer = new MutationObserver(found);
        observer.observe(cell, { childList: true, subtree: true });
      });
      return true;
    },
    sentCount(type) {
      return messages.filter((message) => message.sent && message.type === type).length;
    },
    /** All messages since `since` ms after the last trigger (to collect the status: idle that follows a render). */
    messagesSince(trigger) {
      return messages.filter((message) => message.time >= trigger).map((message) => ({ ...message, time: message.time - trigger }));
    },
  };
})();
