/** @jest-environment jsdom */
// A labelled select menu: its choices, the one shown, and the value it reports on change.
import { selectMenu } from "../../../src/widgets/selectMenu";

/** The stratification menu of the history panel: "all", then each stratification. */
function stratificationMenu(value: string, onChange: (value: string) => void = () => {}): HTMLLabelElement {
  const choices = ["", "light", "weather"].map((name) => ({ value: name, text: name || "all" }));
  return selectMenu(document, { label: "Stratification ", role: "history-stratification", choices, value, onChange });
}

test("the menu shows the given value and reports the chosen one", () => {
  const chosen: string[] = [];
  const label = stratificationMenu("light", (value) => chosen.push(value));
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
  expect(stratificationMenu("size").querySelector("select")!.value).toBe("");
});
