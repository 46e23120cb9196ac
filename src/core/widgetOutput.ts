// The MIME types of slicewise's notebook outputs, written by the kernels (Deno and Python) and
// rendered by the slicewise JupyterLab / Notebook 7 extension.

/** Beside `application/vnd.jupyter.widget-view+json` and `text/html` on a widget output:
 *  `{model_id, kind}`. Rendered as the live widget when its model is on the page, else the static copy. */
export const slicewiseViewMimeType = "application/vnd.slicewise.widget-view+json";

export interface SlicewiseViewData {
  model_id: string;
  /** The widget kind ("MetricsTable", "Dashboard", …). */
  kind: string;
}

/**
 * The result of a cell whose last expression displayed a widget (as display_data, above it): it
 * has nothing to show, so the slicewise extension hides its output row. `{model_id}` of the widget.
 */
export const slicewiseShownMimeType = "application/vnd.slicewise.shown+json";
