// The samples below the Slicer: every sample, those of the selected slice, or those of a worst
// slice, under a header that names them and leads back to all of them; chosen samples (or those
// shown) saved as a test case through the Slicer's save (slicerSave.ts saveSamples).
import { Table } from "apache-arrow";
import { renderSampleGallery, SampleGalleryHandle } from "../../charts/sampleGallery";
import type { TestCaseKey } from "../../charts/evaluationData";
import type { SliceEvaluation, SlicePlan } from "../../metrics";
import type { ChosenSamples } from "../slicerSave";
import { withoutMembership } from "../testCaseMembership";
import { button } from "./formControls";
import { rowsOfSlice } from "./slicerSamples";
import { isSelected } from "./slicerState";

/** Samples to show: their rows (null: every sample) and what the header calls them (null: no header). */
export interface ShownSamples {
  rows: Int32Array | null;
  label: string | null;
}

/** The samples of the selected slice; the whole dataset (the first test case) is every sample. */
export function samplesOfSelection(selected: TestCaseKey | null, plan: SlicePlan | null, evaluation: SliceEvaluation | null): ShownSamples {
  if (!selected || !plan || !evaluation) return { rows: null, label: null };
  const index = evaluation.testCases.findIndex((key) => isSelected(selected, key));
  return { rows: index === 0 ? null : rowsOfSlice(plan.sliceOf, index - 1), label: selected.testCase };
}

export interface SlicerGallery {
  show(samples: ShownSamples): void;
  /** Drawn, with every sample: a new slicing leaves it as it is. */
  showsEverySample(): boolean;
  destroy(): void;
}

/** Saving the gallery's samples: the box the form opens in, and the samples (rows of the Slicer's samples table). */
export type SaveShownSamples = (saveBox: HTMLElement, samples: ChosenSamples, label: string | null) => void;

export function mountSlicerGallery(
  header: HTMLElement,
  box: HTMLElement,
  samples: Table,
  showAll: () => void,
  options: { idFields?: string[]; save?: SaveShownSamples } = {},
): SlicerGallery {
  const document = header.ownerDocument;
  const shownSamples = withoutMembership(samples);
  const saveBox = document.createElement("div");
  saveBox.className = "sw-save-box";
  saveBox.hidden = true;
  box.before(saveBox);
  let shownLabel: string | null = null;
  const { save } = options;
  const onSave = save ? (rows: Int32Array, idFields: string[]) => save(saveBox, { table: shownSamples, rows, idFields }, shownLabel) : undefined;
  let gallery: SampleGalleryHandle | null = null;
  let filtered = false;
  return {
    show({ rows, label }) {
      header.replaceChildren();
      if (label) {
        const text = document.createElement("span");
        text.textContent = `Samples in ${label}`;
        const clear = button(document, "Show all", "show-all-samples");
        clear.addEventListener("click", showAll);
        header.append(text, clear);
      }
      const filter = { testCase: rows && label ? { stratification: "slice", testCase: label, rows } : null };
      filtered = filter.testCase !== null;
      shownLabel = filtered ? label : null;
      if (gallery) gallery.update({ filter });
      else
        gallery = renderSampleGallery(box, shownSamples, {
          filter,
          onClearTestCase: showAll,
          ...(options.idFields ? { idFields: options.idFields } : {}),
          ...(onSave ? { onSave } : {}),
        });
    },
    showsEverySample: () => gallery !== null && !filtered,
    destroy: () => gallery?.destroy(),
  };
}
