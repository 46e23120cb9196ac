// The Slicer's status line as text, from figures a person can check.
import { sliceStatusText, tooManySlicesText } from "../../../../src/widgets/slicer/slicerStatus";

test("slices, samples, the update's time and the bootstrap's progress", () => {
  expect(sliceStatusText({ slices: 5, samplesInSlices: 12, samples: 12, updateMs: "3.2", done: 0, total: 0 })).toBe(
    "5 slices of 12 samples · updated in 3.2 ms",
  );
  expect(sliceStatusText({ slices: 3, samplesInSlices: 1200, samples: 5000, datapoints: 20000, updateMs: "9.0", done: 1, total: 3 })).toBe(
    "3 slices of 1,200 samples (5,000 in all), the first of 20,000 datapoints · updated in 9.0 ms · bootstrap intervals 33 %…",
  );
  expect(sliceStatusText({ slices: 3, samplesInSlices: 12, samples: 12, datapoints: 12, updateMs: "1.0", done: 3, total: 3 })).toBe(
    "3 slices of 12 samples · updated in 1.0 ms · bootstrap intervals done",
  );
});

test("too many slices says how many and what to do", () => {
  expect(tooManySlicesText(1200)).toBe("1,200 slices is more than the 1,000 the slicer shows: use fewer bins or top values, or one field.");
});
