// Arrow IPC bytes in widget state: a (de)serializer that keeps byte views exact, and a
// cached decode so a table is parsed once per change, not once per view.
import { Table, tableFromIPC } from "apache-arrow";

type Binary = DataView | ArrayBuffer | Uint8Array | ArrayBufferView | null | undefined;

/** The exact bytes of a binary state value: a DataView from the comm, an ArrayBuffer, a typed array. */
export function exactBytes(value: Binary): Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("expected binary Arrow IPC bytes");
}

/** Serializers for a binary attribute: the comm sends a view's whole buffer, so cover it exactly. */
export const arrowBytesSerializer = {
  deserialize: (value: Binary): Uint8Array | null => exactBytes(value),
  serialize: (value: Uint8Array | null): DataView | null => {
    if (!value) return null;
    const exact = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
    return new DataView(exact.buffer, exact.byteOffset, exact.byteLength);
  },
};

const decoded = new WeakMap<Uint8Array, Table>();

/** Decodes IPC bytes to a table (views over the bytes, no copy), once per distinct byte array. */
export function tableOf(bytes: Uint8Array | null): Table | null {
  if (!bytes || bytes.byteLength === 0) return null;
  let table = decoded.get(bytes);
  if (!table) decoded.set(bytes, (table = tableFromIPC(bytes)));
  return table;
}
