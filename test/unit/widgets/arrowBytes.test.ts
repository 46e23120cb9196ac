// Arrow IPC bytes in widget state: exact byte views both ways, and one decode per byte array.
import { Table, makeVector, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { arrowBytesSerializer, exactBytes, tableOf } from "../../../src/widgets/arrowBytes";

const ipc = () => tableToIPC(new Table({ id: makeVector(Int32Array.from([7, 8, 9])), name: vectorFromArray(["x", "y", "z"]) }));

/** The bytes placed at `offset` in a larger buffer with junk on both sides, as a comm message's buffer may hold them. */
function embedded(bytes: Uint8Array, offset: number, after = 5): Uint8Array {
  const buffer = new ArrayBuffer(offset + bytes.byteLength + after);
  new Uint8Array(buffer).fill(0xee);
  const view = new Uint8Array(buffer, offset, bytes.byteLength);
  view.set(bytes);
  return view;
}

describe("serialize", () => {
  test("a view into a larger buffer becomes a DataView over exactly those bytes", () => {
    const bytes = ipc();
    const view = embedded(bytes, 13);
    const serialized = arrowBytesSerializer.serialize(view)!;
    expect(serialized).toBeInstanceOf(DataView);
    // remove_buffers sends a DataView's whole buffer: it must hold nothing but the IPC bytes.
    expect(serialized.byteOffset).toBe(0);
    expect(serialized.byteLength).toBe(bytes.byteLength);
    expect(serialized.buffer.byteLength).toBe(bytes.byteLength);
    expect(new Uint8Array(serialized.buffer)).toEqual(bytes);
    expect(tableFromIPC(new Uint8Array(serialized.buffer)).getChild("id")!.toArray()).toEqual(Int32Array.from([7, 8, 9]));
  });

  test("a view at offset 0 that stops short of its buffer's end is cut to its length", () => {
    const bytes = ipc();
    const serialized = arrowBytesSerializer.serialize(embedded(bytes, 0, 11))!;
    expect([serialized.byteOffset, serialized.byteLength, serialized.buffer.byteLength]).toEqual([0, bytes.byteLength, bytes.byteLength]);
    expect(new Uint8Array(serialized.buffer)).toEqual(bytes);
  });

  test("bytes that cover their buffer are sent without a copy", () => {
    const bytes = ipc().slice();
    const serialized = arrowBytesSerializer.serialize(bytes)!;
    expect(serialized.buffer).toBe(bytes.buffer);
    expect([serialized.byteOffset, serialized.byteLength]).toEqual([0, bytes.byteLength]);
  });

  test("null stays null", () => {
    expect(arrowBytesSerializer.serialize(null)).toBeNull();
  });
});

describe("deserialize", () => {
  test("a DataView from the comm gives a Uint8Array over the same bytes: same buffer, offset and length", () => {
    const bytes = ipc();
    const view = embedded(bytes, 24);
    const fromComm = new DataView(view.buffer, view.byteOffset, view.byteLength);
    const deserialized = arrowBytesSerializer.deserialize(fromComm)!;
    expect(deserialized).toBeInstanceOf(Uint8Array);
    expect(deserialized.buffer).toBe(view.buffer);
    expect([deserialized.byteOffset, deserialized.byteLength]).toEqual([24, bytes.byteLength]);
    expect(deserialized).toEqual(bytes);
    expect(tableOf(deserialized)!.getChild("name")!.toArray()).toEqual(["x", "y", "z"]);
  });

  test("an ArrayBuffer, a Uint8Array and another typed view are read as their exact bytes", () => {
    const bytes = ipc().slice();
    expect(exactBytes(bytes.buffer)).toEqual(bytes);
    expect(exactBytes(bytes)).toBe(bytes);
    const padded = embedded(bytes, 8);
    const asInt8 = new Int8Array(padded.buffer, padded.byteOffset, padded.byteLength);
    const read = exactBytes(asInt8)!;
    expect([read.byteOffset, read.byteLength]).toEqual([8, bytes.byteLength]);
    expect(read).toEqual(bytes);
  });

  test("null and undefined are null; a non-binary value is refused", () => {
    expect(arrowBytesSerializer.deserialize(null)).toBeNull();
    expect(arrowBytesSerializer.deserialize(undefined)).toBeNull();
    expect(() => exactBytes("not bytes" as never)).toThrow("expected binary Arrow IPC bytes");
  });

  test("serialize then deserialize round-trips the bytes exactly", () => {
    const bytes = ipc();
    const back = arrowBytesSerializer.deserialize(arrowBytesSerializer.serialize(embedded(bytes, 3)))!;
    expect(back.byteLength).toBe(bytes.byteLength);
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("tableOf", () => {
  test("decodes once per byte array: the same bytes give the same Table object", () => {
    const bytes = ipc();
    const first = tableOf(bytes)!;
    expect(first.numRows).toBe(3);
    expect(tableOf(bytes)).toBe(first);
    // Equal bytes in another array are another change of state: decoded anew.
    const copy = bytes.slice();
    const second = tableOf(copy)!;
    expect(second).not.toBe(first);
    expect(second.getChild("id")!.toArray()).toEqual(first.getChild("id")!.toArray());
  });

  test("empty and null give null", () => {
    expect(tableOf(null)).toBeNull();
    expect(tableOf(new Uint8Array(0))).toBeNull();
    expect(tableOf(new Uint8Array(new ArrayBuffer(16), 4, 0))).toBeNull();
  });
});
