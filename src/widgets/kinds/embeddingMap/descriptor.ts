// EmbeddingMap, as every host reads it: where no script runs, its picture (a stride of the points as SVG circles) and a sentence.
import type { Table } from "apache-arrow";
import { EmbeddingColorBy, modelsWithCorrectness, pointCategories } from "../../../charts/embeddingMapColors";
import { embeddingMapSvg } from "../../../charts/embeddingMap";
import { defineWidget } from "../widgetDescriptor";

/** The map's points as its options colour them, from a table with x and y (the projection). */
export function staticPoints(table: Table, options: Record<string, unknown>) {
  const x = Float32Array.from((table.getChild((options.x as string) ?? "x")?.toArray() ?? []) as ArrayLike<number>);
  const y = Float32Array.from((table.getChild((options.y as string) ?? "y")?.toArray() ?? []) as ArrayLike<number>);
  const model = modelsWithCorrectness(table)[0];
  const colorBy =
    (options.colorBy as EmbeddingColorBy | undefined) ??
    (model ? { by: "correct", model } : table.getChild("cluster") ? { by: "field", field: "cluster" } : { by: "none" });
  return { x, y, categories: pointCategories(table, colorBy) };
}

export const embeddingMapDescriptor = defineWidget({
  kind: "EmbeddingMap",
  runtimeName: "embeddingMap",
  arrowAttributes: ["samples"],
  requiredAttributes: ["samples"],
  defaultOptions: {},
  picture: {
    table: "samples",
    tableNoun: "projection",
    draw: (element: HTMLElement, samples, options) => {
      const svg = embeddingMapSvg(staticPoints(samples, options), { width: (options.width as number | undefined) ?? 640 });
      element.innerHTML = svg;
      return { toSVG: () => svg, destroy: () => element.replaceChildren() };
    },
  },
  staticHtml: ({ samples }, render) =>
    samples
      ? [
          render.picture(),
          `<p>slicewise EmbeddingMap: ${samples.numRows.toLocaleString("en-US")} points. Pan, zoom, lasso and "more like this" need a live notebook (JupyterLab, Notebook 7) or an exported report.</p>`,
        ]
      : [],
});
