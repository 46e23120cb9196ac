// SQL text for the quality standard's parts: literals, predicates and bucket keys over the
// dataset's columns (alias `d`).
import { Predicate, Scalar, SlicewiseError } from "../core";
import { quoteIdentifier, quoteLiteral } from "./store/database";

/** A value as SQL; `quote` writes a string literal (the engine dialect's; DuckDB's by default). */
export function sqlLiteral(value: Scalar, quote: (text: string) => string = quoteLiteral): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new SlicewiseError("invalid_quality_standard", `the value ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return quote(String(value));
}

/**
 * Compiles a test case's predicate; `column` maps a field name to its SQL (checking it exists).
 * Two-valued, as the browser's predicateMask: every leaf is TRUE or FALSE, never NULL, so `not`
 * is the complement. A null equals only null (eq, ne, in); a null never satisfies an order
 * comparison (lt, le, gt, ge, between).
 */
export function predicateSql(predicate: Predicate, column: (field: string) => string, quote: (text: string) => string = quoteLiteral): string {
  if ("and" in predicate) return `(${predicate.and.map((part) => predicateSql(part, column, quote)).join(" AND ")})`;
  if ("or" in predicate) return `(${predicate.or.map((part) => predicateSql(part, column, quote)).join(" OR ")})`;
  if ("not" in predicate) return `(NOT ${predicateSql(predicate.not, column, quote)})`;
  const field = column(predicate.field);
  const literal = (value: Scalar) => sqlLiteral(value, quote);
  const ordered = (operator: string) => (predicate.value === null ? "FALSE" : `coalesce(${field} ${operator} ${literal(predicate.value as Scalar)}, FALSE)`);
  switch (predicate.op) {
    case "eq":
      return predicate.value === null ? `(${field} IS NULL)` : `(${field} IS NOT DISTINCT FROM ${literal(predicate.value)})`;
    case "ne":
      return predicate.value === null ? `(${field} IS NOT NULL)` : `(${field} IS DISTINCT FROM ${literal(predicate.value)})`;
    case "lt":
      return ordered("<");
    case "le":
      return ordered("<=");
    case "gt":
      return ordered(">");
    case "ge":
      return ordered(">=");
    case "in": {
      // `x IN (…, NULL)` is NULL where x matches no member: the null member is an explicit IS NULL.
      const members = predicate.value.filter((member) => member !== null);
      const parts = members.length ? [`coalesce(${field} IN (${members.map(literal).join(", ")}), FALSE)`] : [];
      if (members.length < predicate.value.length) parts.push(`${field} IS NULL`);
      return parts.length ? `(${parts.join(" OR ")})` : "FALSE";
    }
    case "between":
      return `coalesce(${field} BETWEEN ${literal(predicate.value[0])} AND ${literal(predicate.value[1])}, FALSE)`;
  }
}

/** 0 for (−∞, e1), i for [e_i, e_{i+1}), k for [e_k, ∞); NULL stays NULL. */
export function bucketKeySql(field: string, edges: readonly number[]): string {
  if (edges.length === 0) return `CASE WHEN ${field} IS NULL THEN NULL ELSE 0 END`;
  const cases = edges.map((edge, index) => `WHEN ${field} < ${sqlLiteral(edge)} THEN ${index}`).join(" ");
  return `CASE WHEN ${field} IS NULL THEN NULL ${cases} ELSE ${edges.length} END`;
}

export function columnSql(alias: string, field: string): string {
  return `${alias}.${quoteIdentifier(field)}`;
}
