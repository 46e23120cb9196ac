/** @jest-environment jsdom */
// A labelled select menu: its choices, the one shown, and the value it reports on change.
import { selectMenu } from "../../../src/widgets/selectMenu";

test("the menu shows the given value and reports the chosen one", () => {
  const chosen: string[] = [];
  const label = selectMenu(document, {
    label: "Stratification ",
    role: "history-stratification",
    choices: [
      { value: "", text: "all" },
      { value: "light", text: "light" },
      { value: "weather", text: "weather" },
    ],
    value: "light",
    onChange: (value) => chosen.push(value),
  });
  const select = label.querySelector("select")!;
  expect(label.className).toBe("sw-select-label");
  expect(label.textContent).toBe("Stratification alllightweather");
  expect(select.dataset.role).toBe("history-stratification");
  expect(select.value).toBe("light");
  select.value = "";
  select.dispatchEvent(new Event("change"));
  expect(chosen).toEqual([""]);
});

test("a value that is not a choice shows the first", () => {
  const label = selectMenu(document, {
    label: "Metric ",
    role: "chart-metric",
    choices: [
      { value: "Accuracy", text: "Accuracy" },
      { value: "F1", text: "F1" },
    ],
    value: "group/F1",
    onChange: () => {},
  });
  expect(label.querySelector("select")!.value).toBe("Accuracy");
});
