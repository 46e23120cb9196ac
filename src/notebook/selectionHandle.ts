// The selection linked widgets share, by name. A widget carries the name in its `selection`
// state and the front end links the widgets of one page that carry the same name — so no widget
// depends on a model that only some earlier page was told about (a reloaded page, a second tab,
// Notebook 7 after JupyterLab). Clicks never reach the kernel (Deno drops front-end messages).
import type { SnakeCaseTestCaseReference, TestCaseReference } from "../client/workspace";
import { testCaseReferenceToWire } from "../client/wireNames";
import { JupyterBroadcast, randomId, settle } from "./denoKernel";
import { WidgetComm } from "./widgetComm";

/** The name widgets link to unless told otherwise. */
export const defaultLinkName = "default";

export class SelectionHandle {
  readonly name: string;
  private selector: WidgetComm | null = null;

  constructor(
    private readonly kernel: JupyterBroadcast,
    name: string = randomId(),
  ) {
    this.name = name;
  }

  /**
   * Selects a test case in every widget linked by this name, from the kernel: a SelectionModel
   * carrying the name and the test case, opened anew each time (so that a page opened since the
   * last call hears it too) while the previous one is closed. `{ stratification, test_case }` is
   * the old spelling of `{ stratification, testCase }` (deprecated; it warns once).
   */
  async select(testCase: TestCaseReference | SnakeCaseTestCaseReference | null): Promise<void> {
    const previous = this.selector;
    this.selector = new WidgetComm(this.kernel, "SelectionModel", null);
    await this.selector.open({ link: this.name, test_case: testCase && testCaseReferenceToWire(testCase, "select") });
    await previous?.close();
    await settle(this.kernel);
  }
}

/** The selection every widget of this kernel session links to unless told otherwise. */
export function defaultSelection(kernel: JupyterBroadcast): SelectionHandle {
  return new SelectionHandle(kernel, defaultLinkName);
}
