// The sample detail dialog: a larger image with its boxes, each model's verdict, and every field of the sample
// in a two-column list; Escape or the close button closes it, arrow keys step through the shown samples.
import { formatCount } from "./format";
import { formatCell, GalleryContext, renderMedia, renderOutcomes } from "./sampleGalleryCard";

export interface SampleDetailPlace {
  /** Position of the sample among the shown samples, and how many are shown. */
  position: number;
  count: number;
}

export interface SampleDetailHandlers {
  close(): void;
  step(delta: number): void;
}

let detailCount = 0;

function button(document: Document, className: string, text: string, label: string, onClick: () => void): HTMLButtonElement {
  const node = document.createElement("button");
  node.type = "button";
  node.className = `sw-button ${className}`;
  node.textContent = text;
  node.setAttribute("aria-label", label);
  node.title = label;
  node.addEventListener("click", onClick);
  return node;
}

/** Keeps Tab inside the dialog, as a modal must. */
function trapFocus(dialog: HTMLElement, event: KeyboardEvent): void {
  const focusable = Array.from(dialog.querySelectorAll<HTMLElement>("button:not([disabled]), [tabindex='0']"));
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const active = dialog.ownerDocument.activeElement;
  if (event.shiftKey && (active === first || active === dialog)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

/** The dialog (class sw-gallery-detail) inside a backdrop; the caller inserts it and moves focus with `focus()`. */
export function renderSampleDetail(context: GalleryContext, row: number, place: SampleDetailPlace, handlers: SampleDetailHandlers): HTMLElement {
  const { document, data } = context;
  const backdrop = document.createElement("div");
  backdrop.className = "sw-gallery-detail-backdrop";
  backdrop.addEventListener("mousedown", (event) => {
    if (event.target === backdrop) handlers.close();
  });

  const dialog = document.createElement("div");
  dialog.className = "sw-gallery-detail";
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.tabIndex = -1;
  const headingId = `sw-gallery-detail-${++detailCount}`;
  dialog.setAttribute("aria-labelledby", headingId);
  dialog.dataset.row = String(row);

  const header = document.createElement("div");
  header.className = "sw-gallery-detail-header";
  const heading = document.createElement("h2");
  heading.id = headingId;
  heading.className = "sw-gallery-detail-title";
  heading.textContent = `Sample ${data.sampleId(row)}`;
  const where = document.createElement("span");
  where.className = "sw-gallery-detail-place";
  where.textContent = `${formatCount(place.position + 1)} of ${formatCount(place.count)}`;
  const previous = button(document, "sw-gallery-previous", "‹", "Previous sample", () => handlers.step(-1));
  previous.disabled = place.position <= 0;
  const next = button(document, "sw-gallery-next", "›", "Next sample", () => handlers.step(1));
  next.disabled = place.position >= place.count - 1;
  const close = button(document, "sw-gallery-close", "×", "Close", () => handlers.close());
  header.append(heading, where, previous, next, close);

  const body = document.createElement("div");
  body.className = "sw-gallery-detail-body";
  const picture = document.createElement("div");
  picture.className = "sw-gallery-detail-picture";
  const outcomes = document.createElement("div");
  outcomes.className = "sw-gallery-detail-outcomes";
  outcomes.append(...renderOutcomes(context, row));
  picture.append(renderMedia(context, row, { labels: true }), outcomes);

  const fields = document.createElement("dl");
  fields.className = "sw-gallery-fields";
  for (const field of data.table.schema.fields) {
    const name = document.createElement("dt");
    name.textContent = field.name;
    name.title = String(field.type);
    const value = document.createElement("dd");
    const raw = data.table.getChild(field.name)?.get(row) ?? null;
    value.textContent = formatCell(raw);
    if (raw === null || raw === undefined) value.classList.add("sw-gallery-missing");
    fields.append(name, value);
  }
  body.append(picture, fields);
  dialog.append(header, body);

  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      handlers.close();
    } else if (event.key === "Tab") {
      trapFocus(dialog, event);
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && !(event.target instanceof HTMLElement && event.target.closest("dd"))) {
      event.preventDefault();
      handlers.step(event.key === "ArrowLeft" ? -1 : 1);
    }
  });
  backdrop.append(dialog);
  return backdrop;
}
