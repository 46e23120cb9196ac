// Named selections, one set per page: widgets whose `selection` state is the same name share the
// selected test case. A name, unlike a reference to a model, never depends on a model that a
// kernel announced to some other page — so a reloaded page, a second tab or Notebook 7 opened
// after JupyterLab links the widgets it renders without knowing anything else.
import { SelectionStore } from "./selectionStore";

/** Groups per page scope (a widget manager: one per notebook); weak, so a closed notebook frees them. */
const scopes = new WeakMap<object, Map<string, SelectionStore>>();

/** The selection named `name` in `scope` (created on first use). */
export function linkedSelection(scope: object, name: string): SelectionStore {
  let groups = scopes.get(scope);
  if (!groups) scopes.set(scope, (groups = new Map()));
  let store = groups.get(name);
  if (!store) groups.set(name, (store = new SelectionStore()));
  return store;
}
