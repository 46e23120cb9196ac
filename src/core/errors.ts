// Errors that cross a boundary (HTTP, client API, CLI): a stable `code` a program can branch
// on, a message a person can act on, and the HTTP status that fits.

export type ErrorCode =
  | "bad_request"
  | "empty_body"
  | "unsupported_content_type"
  | "unreadable_body"
  | "truncated_upload"
  | "payload_too_large"
  | "limit_exceeded"
  | "missing_id_field"
  | "duplicate_ids"
  | "unknown_ids"
  | "invalid_box"
  | "unknown_dataset"
  | "unknown_model"
  | "unknown_field"
  | "invalid_metric"
  | "invalid_quality_standard"
  | "no_common_datapoints"
  | "unauthorized"
  | "forbidden_host"
  | "forbidden_origin"
  | "not_found"
  | "method_not_allowed"
  | "store_locked"
  | "unreachable"
  | "engine_unavailable"
  | "engine_failed"
  | "cancelled"
  | "internal";

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  empty_body: 400,
  unsupported_content_type: 415,
  unreadable_body: 400,
  truncated_upload: 400,
  payload_too_large: 413,
  limit_exceeded: 422,
  missing_id_field: 422,
  duplicate_ids: 422,
  unknown_ids: 422,
  invalid_box: 422,
  unknown_dataset: 404,
  unknown_model: 404,
  unknown_field: 422,
  invalid_metric: 422,
  invalid_quality_standard: 422,
  no_common_datapoints: 422,
  unauthorized: 401,
  forbidden_host: 403,
  forbidden_origin: 403,
  not_found: 404,
  method_not_allowed: 405,
  store_locked: 409,
  unreachable: 503,
  // The query engine (Spark through Spark Connect): down or unreachable, or a query it refused or failed.
  engine_unavailable: 503,
  engine_failed: 502,
  // nginx's "client closed request": no client reads it, but a log line says what happened.
  cancelled: 499,
  internal: 500,
};

/** Every code, for the API's description of its errors. */
export const errorCodes = Object.keys(statusByCode) as [ErrorCode, ...ErrorCode[]];

export class SlicewiseError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "SlicewiseError";
    this.code = code;
    this.status = statusByCode[code] ?? 500;
  }

  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Lists at most `limit` values for an error message: "a, b, c (and 7 more)". */
export function listForMessage(values: readonly unknown[], limit = 10): string {
  const shown = values
    .slice(0, limit)
    .map((value) => JSON.stringify(value))
    .join(", ");
  return values.length > limit ? `${shown} (and ${values.length - limit} more)` : shown;
}
