// The OpenAPI 3.1 description of the API, generated from the route list and the schemas that
// validate its requests (apiRoutes.ts): what a client or a fuzzer reads is what the server checks.
import * as z from "zod";
import { contentTypes } from "../store/loadSource";
import { ApiRoute, pathParameters } from "./apiRoutes";

/** Statuses of errors any route may answer (see src/core/errors.ts for the codes behind them). */
const errorStatuses: Record<string, string> = {
  "400": "Bad request: a body, query or path that cannot be read (code bad_request, truncated_upload, empty_body, unreadable_body).",
  "401": "No or a wrong token (code unauthorized).",
  "403": "A Host or Origin this server does not answer (forbidden_host, forbidden_origin).",
  "404": "No such dataset, model, run or test case.",
  "405": "The path exists, the method does not.",
  "413": "The body is larger than the server takes (payload_too_large).",
  "415": "A body of a type this route does not take (unsupported_content_type).",
  "422": "A well-formed request the data cannot answer, or beyond a limit (limit_exceeded names it).",
};

export function openApiDocument(routes: ApiRoute[], version: string): object {
  // Every error answer refers to the Error component (schemas/responses.ts, loaded with the routes).
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: jsonSchema(pathParameters[name]) })),
      ...queryParameters(route.query),
      ...(route.conditional
        ? [{ name: "If-None-Match", in: "header", required: false, schema: { type: "string" }, description: "The ETag of the copy the client holds." }]
        : []),
    ];
    const operation: Record<string, unknown> = {
      operationId: operationId(route),
      summary: route.summary,
      ...(parameters.length ? { parameters } : {}),
      responses: {
        [String(route.answer.status)]: {
          ...("json" in route.answer
            ? { description: route.summary, content: { "application/json": { schema: jsonSchema(route.answer.json) } } }
            : "html" in route.answer
              ? { description: route.answer.html, content: { "text/html": { schema: { type: "string", contentMediaType: "text/html" } } } }
              : { description: route.answer.arrow, content: { [contentTypes.arrow]: { schema: { type: "string", contentMediaType: contentTypes.arrow } } } }),
          ...(route.conditional ? { headers: { ETag: { description: "Names this answer for If-None-Match.", schema: { type: "string" } } } } : {}),
        },
        ...(route.conditional ? { "304": { description: "The copy whose ETag the request named is current." } } : {}),
        ...Object.fromEntries(
          Object.entries(errorStatuses).map(([status, description]) => [
            status,
            { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
          ]),
        ),
      },
    };
    // A body whose every field has a default may be left out (the server reads none as {}).
    if (route.body)
      operation.requestBody = {
        required: !route.body.schema.safeParse({}).success,
        content: { "application/json": { schema: jsonSchema(route.body.schema) } },
      };
    if (route.upload)
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(Object.values(contentTypes).map((type) => [type, { schema: { type: "string", contentMediaType: type } }])),
      };
    (paths[`/api/v1${route.path}`] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "slicewise platform API",
      version,
      description: "Datasets, model results, quality standards, evaluations and samples. Errors are JSON {error: {code, message}}.",
    },
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: { token: { type: "http", scheme: "bearer", description: "The token `slicewise serve` prints (in the page address it opens)." } },
    },
    security: [{ token: [] }],
  };
}

/** One OpenAPI parameter per key of a route's query schema (an object of optional strings). */
function queryParameters(query: z.ZodType | undefined): object[] {
  if (!(query instanceof z.ZodObject)) return [];
  return Object.entries(query.shape as Record<string, z.ZodType>).map(([name, schema]) => ({
    name,
    in: "query",
    required: !schema.safeParse(undefined).success,
    schema: jsonSchema(schema),
  }));
}

function operationId(route: ApiRoute): string {
  const words = route.path.split("/").filter((part) => part && !part.startsWith("{"));
  return [route.method.toLowerCase(), ...words.map((word) => word.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()))].join("");
}

/**
 * A schema as JSON Schema 2020-12: a reference to a component when it has an id
 * (`.meta({ id })`), else inline.
 */
function jsonSchema(schema: z.ZodType): unknown {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `#/components/schemas/${id}` };
  const { $schema: _schema, ...converted } = z.toJSONSchema(schema, conversion) as Record<string, unknown>;
  return converted;
}

const conversion = {
  target: "draft-2020-12" as const,
  io: "input" as const,
  unrepresentable: "any" as const,
  uri: (id: string) => `#/components/schemas/${id}`,
};

/**
 * Every schema with an id, as components referencing each other (Predicate inside
 * QualityStandard): the request and answer schemas register themselves when their modules load.
 */
function componentSchemas(): Record<string, unknown> {
  const converted = z.toJSONSchema(z.globalRegistry, conversion) as { schemas: Record<string, Record<string, unknown>> };
  return Object.fromEntries(Object.entries(converted.schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
}
