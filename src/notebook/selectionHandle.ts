// The selection linked widgets share: a SelectionModel on the front end (no view). Clicks there
// never reach the kernel (Deno drops front-end messages); the kernel only opens it.
import { JupyterBroadcast } from "./denoKernel";
import { WidgetComm } from "./widgetComm";

export class SelectionHandle {
  private readonly comm: WidgetComm;

  constructor(kernel: JupyterBroadcast) {
    this.comm = new WidgetComm(kernel, "SelectionModel", null);
  }

  get id(): string {
    return this.comm.id;
  }

  async open(): Promise<void> {
    await this.comm.open({ test_case: null });
  }

  /** Selects a test case in every linked widget, from the kernel. */
  async select(testCase: { stratification: string; test_case: string } | null): Promise<void> {
    await this.open();
    await this.comm.update({ test_case: testCase });
  }
}

let shared: SelectionHandle | null = null;

/** The selection every widget of this kernel session links to unless told otherwise. */
export function defaultSelection(kernel: JupyterBroadcast): SelectionHandle {
  return (shared ??= new SelectionHandle(kernel));
}
