// FirstSeenIndex numbers values as a Map would, whichever way it looks them up.
import { FirstSeenIndex } from "../../../src/metrics/firstSeenIndex";

test("values are numbered in the order they first come; 1 and '1' are different values", () => {
  const index = new FirstSeenIndex();
  const labels = [3, "3", 0, 3, 1023, 1024, -1, 2.5, null, "cat", 0, "3", NaN, NaN, true];
  expect(labels.map((label) => index.indexOf(label))).toEqual([0, 1, 2, 0, 3, 4, 5, 6, 7, 8, 2, 1, 9, 9, 10]);
  expect(index.values).toEqual([3, "3", 0, 1023, 1024, -1, 2.5, null, "cat", NaN, true]);
});

test("it agrees with a Map on many small integers mixed with text", () => {
  const index = new FirstSeenIndex();
  const map = new Map<unknown, number>();
  for (let i = 0; i < 5000; i++) {
    const value = i % 7 === 0 ? `label ${(i * 31) % 50}` : (i * 17) % 1500;
    if (!map.has(value)) map.set(value, map.size);
    expect(index.indexOf(value)).toBe(map.get(value));
  }
  expect(index.values).toEqual([...map.keys()]);
});
