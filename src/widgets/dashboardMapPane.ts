// The dashboard's "Embedding map" tab: the projection beside the samples' columns, drawn by the
// embedding map panel, saving where the dashboard's slicer saves.
import { Table } from "apache-arrow";
import { withSampleColumns } from "../charts/projectionSamples";
import { inferIdFields } from "../charts/samplesData";
import { renderStateMessage } from "../charts/stateMessage";
import type { DashboardOptions } from "./dashboardPanel";
import { mountEmbeddingMap } from "./embeddingMapPanel";
import type { Panel } from "./panels";

/**
 * The "Embedding map" tab: the projection beside the samples' columns (images, predictions) for the
 * map's gallery, with the slicer's dataset, id fields and platform to save to unless the map's own
 * options say otherwise; a projection without rows says why there is nothing to draw.
 */
export function mountMapPane(element: HTMLElement, projection: Table, samples: Table | null, options: DashboardOptions): Panel {
  if (projection.numRows === 0) {
    renderStateMessage(element, {
      title: "No points to map",
      detail:
        "No datapoint has both an embedding and a result from every model compared; upload embeddings (a list of numbers per datapoint) with the dataset.",
    });
    return { destroy: () => element.replaceChildren() };
  }
  const slicer = options.slicer ?? null;
  const idFields = options.map?.idFields ?? slicer?.idFields ?? inferIdFields(projection.schema.fields.map((field) => field.name));
  const table = samples ? withSampleColumns(projection, samples, idFields) : projection;
  return mountEmbeddingMap(element, table, { dataset: slicer?.dataset ?? null, platform: slicer?.platform ?? null, ...options.map, idFields });
}
