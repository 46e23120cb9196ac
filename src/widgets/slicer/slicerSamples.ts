// What the Slicer reads from a samples table before any slicing: the compared models, the fields
// it offers, and the rows of one slice.
import { Table } from "apache-arrow";
import { splitModelColumn } from "../../charts/samplesData";
import { fieldKindOfArrow } from "../../metrics";
import { propertyPrefix } from "../../core";
import { membershipPrefix } from "../testCaseMembership";

/** Row indexes of one slice. */
export function rowsOfSlice(sliceOf: Int32Array, slice: number): Int32Array {
  let count = 0;
  for (let i = 0; i < sliceOf.length; i++) if (sliceOf[i] === slice) count++;
  const rows = new Int32Array(count);
  for (let i = 0, j = 0; i < sliceOf.length; i++) if (sliceOf[i] === slice) rows[j++] = i;
  return rows;
}

/** Models named by `<model>.<field>` columns, in column order. */
export function modelsOf(samples: Table): string[] {
  const models = new Set<string>();
  for (const field of samples.schema.fields) {
    const split = field.name.startsWith(membershipPrefix) || field.name.startsWith(propertyPrefix) ? null : splitModelColumn(field.name);
    if (split) models.add(split.model);
  }
  return [...models];
}

export interface SlicingFieldOptions {
  /** Fields offered for slicing; default every boolean, numeric and text column of the dataset. */
  fields?: string[];
  /** The dataset's id fields: not offered for slicing. */
  idFields?: string[];
}

/**
 * Whether a text column holds lists or records — an embedding, boxes — which the samples carry as
 * JSON text (resultToArrow): judged by its first non-null value. Nobody slices by those.
 */
function holdsJson(samples: Table, name: string): boolean {
  const column = samples.getChild(name);
  if (!column) return false;
  for (let row = 0; row < column.length; row++) {
    const value: unknown = column.get(row);
    if (value === null || value === undefined) continue;
    return typeof value === "string" && /^\s*[[{]/.test(value);
  }
  return false;
}

/** The dataset's boolean, numeric and text columns, without ids, model columns, memberships, media or lists. */
export function slicingFields(samples: Table, models: string[], options: SlicingFieldOptions): string[] {
  const sliceable = (name: string) => {
    const field = samples.schema.fields.find((candidate) => candidate.name === name);
    if (field === undefined) return false;
    const kind = fieldKindOfArrow(field.type);
    return ["boolean", "numeric"].includes(kind) || (kind === "string" && !holdsJson(samples, name));
  };
  if (options.fields) return options.fields.filter(sliceable);
  const ids = new Set(options.idFields ?? []);
  return samples.schema.fields
    .map((field) => field.name)
    .filter(
      (name) =>
        !ids.has(name) &&
        !name.startsWith(membershipPrefix) &&
        name !== "thumbnail" &&
        name !== "locator" &&
        !models.some((model) => name.startsWith(`${model}.`)),
    )
    .filter(sliceable)
    .filter((name) => !(options.idFields === undefined && /(^id$|_id$|^id_)/.test(name)));
}
