// SQL text for the quality standard's parts: literals, predicates and bucket keys over the
// dataset's columns (alias `d`).
import { Predicate, Scalar, SlicewiseError } from "../core";
import { quoteIdentifier, quoteLiteral } from "./store/database";

export function sqlLiteral(value: Scalar): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new SlicewiseError("invalid_quality_standard", `the value ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return quoteLiteral(String(value));
}

/**
 * Compiles a test case's predicate; `column` maps a field name to its SQL (checking it exists).
 * Two-valued, as the browser's predicateMask: every leaf is TRUE or FALSE, never NULL, so `not`
 * is the complement. A null equals only null (eq, ne, in); a null never satisfies an order
 * comparison (lt, le, gt, ge, between).
 */
export function predicateSql(predicate: Predicate, column: (field: string) => string): string {
  if ("and" in predicate) return `(${predicate.and.map((part) => predicateSql(part, column)).join(" AND ")})`;
  if ("or" in predicate) return `(${predicate.or.map((part) => predicateSql(part, column)).join(" OR ")})`;
  if ("not" in predicate) return `(NOT ${predicateSql(predicate.not, column)})`;
  const field = column(predicate.field);
  const ordered = (operator: string) => (predicate.value === null ? "FALSE" : `coalesce(${field} ${operator} ${sqlLiteral(predicate.value as Scalar)}, FALSE)`);
  switch (predicate.op) {
    case "eq":
      return predicate.value === null ? `(${field} IS NULL)` : `(${field} IS NOT DISTINCT FROM ${sqlLiteral(predicate.value)})`;
    case "ne":
      return predicate.value === null ? `(${field} IS NOT NULL)` : `(${field} IS DISTINCT FROM ${sqlLiteral(predicate.value)})`;
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
      const parts = members.length ? [`coalesce(${field} IN (${members.map(sqlLiteral).join(", ")}), FALSE)`] : [];
      if (members.length < predicate.value.length) parts.push(`${field} IS NULL`);
      return parts.length ? `(${parts.join(" OR ")})` : "FALSE";
    }
    case "between":
      return `coalesce(${field} BETWEEN ${sqlLiteral(predicate.value[0])} AND ${sqlLiteral(predicate.value[1])}, FALSE)`;
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
