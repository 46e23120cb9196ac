// The Spark Connect messages the platform sends and reads — a small subset of the protocol
// (package spark.connect; names and field numbers are the protocol's), as protobufjs reflection.
// Fields a message has but the platform never sets or reads are left out: protobuf skips unknown
// fields when decoding, and absent ones take their defaults on the server.
import { Root, Type } from "protobufjs";

const string = (id: number) => ({ type: "string", id });
const optionalString = (id: number) => ({ type: "string", id, options: { proto3_optional: true } });
const message = (type: string, id: number) => ({ type, id });
const int64 = (id: number) => ({ type: "int64", id });
/** A map<string, string> (protobufjs's reflection types know maps only by their JSON form). */
const stringMap = (id: number) => ({ keyType: "string", type: "string", id }) as { type: string; id: number };
/** Who and which session a request is for: the first fields of every request. */
const sessionFields = { session_id: string(1), user_context: message("UserContext", 2) };

const root = Root.fromJSON({
  nested: {
    spark: {
      nested: {
        connect: {
          nested: {
            UserContext: { fields: { user_id: string(1), user_name: string(2) } },
            Plan: { oneofs: { op_type: { oneof: ["root", "command"] } }, fields: { root: message("Relation", 1), command: message("Command", 2) } },
            Relation: { oneofs: { rel_type: { oneof: ["sql"] } }, fields: { sql: message("SQL", 10) } },
            SQL: { fields: { query: string(1) } },
            Command: { oneofs: { command_type: { oneof: ["sql_command"] } }, fields: { sql_command: message("SqlCommand", 5) } },
            SqlCommand: { fields: { input: message("Relation", 6) } },
            ReattachOptions: { fields: { reattachable: { type: "bool", id: 1 } } },
            ExecutePlanRequest: {
              fields: {
                ...sessionFields,
                plan: message("Plan", 3),
                client_type: optionalString(4),
                request_options: { rule: "repeated", type: "RequestOption", id: 5 },
                operation_id: optionalString(6),
                tags: { rule: "repeated", type: "string", id: 7 },
              },
              nested: { RequestOption: { fields: { reattach_options: message("ReattachOptions", 1) } } },
            },
            ExecutePlanResponse: {
              fields: {
                session_id: string(1),
                arrow_batch: message("ArrowBatch", 2),
                operation_id: string(12),
                response_id: string(13),
                result_complete: message("ResultComplete", 14),
                server_side_session_id: string(15),
                execution_progress: message("ExecutionProgress", 18),
              },
              nested: {
                ArrowBatch: { fields: { row_count: int64(1), data: { type: "bytes", id: 2 } } },
                ResultComplete: { fields: {} },
                ExecutionProgress: {
                  fields: { stages: { rule: "repeated", type: "StageInfo", id: 1 }, num_inflight_tasks: int64(2) },
                  nested: {
                    StageInfo: {
                      fields: {
                        stage_id: int64(1),
                        num_tasks: int64(2),
                        num_completed_tasks: int64(3),
                        input_bytes_read: int64(4),
                        done: { type: "bool", id: 5 },
                      },
                    },
                  },
                },
              },
            },
            ReattachExecuteRequest: {
              fields: { ...sessionFields, operation_id: string(3), client_type: optionalString(4), last_response_id: optionalString(5) },
            },
            ReleaseExecuteRequest: {
              oneofs: { release: { oneof: ["release_all", "release_until"] } },
              fields: {
                ...sessionFields,
                operation_id: string(3),
                client_type: optionalString(4),
                release_all: message("ReleaseAll", 5),
                release_until: message("ReleaseUntil", 6),
              },
              nested: { ReleaseAll: { fields: {} }, ReleaseUntil: { fields: { response_id: string(1) } } },
            },
            ReleaseExecuteResponse: { fields: { session_id: string(1) } },
            ReleaseSessionRequest: { fields: { ...sessionFields, client_type: optionalString(3) } },
            ReleaseSessionResponse: { fields: { session_id: string(1) } },
            FetchErrorDetailsRequest: { fields: { ...sessionFields, error_id: string(3), client_type: optionalString(4) } },
            FetchErrorDetailsResponse: {
              fields: { root_error_idx: { type: "int32", id: 1, options: { proto3_optional: true } }, errors: { rule: "repeated", type: "Error", id: 2 } },
              nested: { Error: { fields: { message: string(2), cause_idx: { type: "int32", id: 4, options: { proto3_optional: true } } } } },
            },
          },
        },
      },
    },
    // gRPC's rich error status (the trailer grpc-status-details-bin): Spark puts the error's id in an ErrorInfo.
    google: {
      nested: {
        rpc: {
          nested: {
            Status: { fields: { code: { type: "int32", id: 1 }, message: string(2), details: { rule: "repeated", type: "Any", id: 3 } } },
            Any: { fields: { type_url: string(1), value: { type: "bytes", id: 2 } } },
            ErrorInfo: { fields: { reason: string(1), domain: string(2), metadata: stringMap(3) } },
          },
        },
      },
    },
  },
});

const type = (name: string): Type => root.lookupType(`spark.connect.${name}`);

export const messages = {
  ExecutePlanRequest: type("ExecutePlanRequest"),
  ExecutePlanResponse: type("ExecutePlanResponse"),
  ReattachExecuteRequest: type("ReattachExecuteRequest"),
  ReleaseExecuteRequest: type("ReleaseExecuteRequest"),
  ReleaseExecuteResponse: type("ReleaseExecuteResponse"),
  ReleaseSessionRequest: type("ReleaseSessionRequest"),
  ReleaseSessionResponse: type("ReleaseSessionResponse"),
  FetchErrorDetailsRequest: type("FetchErrorDetailsRequest"),
  FetchErrorDetailsResponse: type("FetchErrorDetailsResponse"),
  Status: root.lookupType("google.rpc.Status"),
  ErrorInfo: root.lookupType("google.rpc.ErrorInfo"),
};

/** A decoded ExecutePlanResponse: the fields read (protobufjs keeps the protocol's snake_case names). */
export interface ExecutePlanResponse {
  operation_id: string;
  response_id: string;
  server_side_session_id: string;
  arrow_batch?: { row_count: number | Long; data: Uint8Array };
  result_complete?: object;
  execution_progress?: { stages: StageProgress[]; num_inflight_tasks: number | Long };
}

export interface StageProgress {
  stage_id: number | Long;
  num_tasks: number | Long;
  num_completed_tasks: number | Long;
  input_bytes_read: number | Long;
  done: boolean;
}

/** protobufjs's 64-bit integer when the long package is present; Number() reads either. */
interface Long {
  toNumber(): number;
}

/** The service's methods, as gRPC paths. */
export const sparkConnectMethod = (name: "ExecutePlan" | "ReattachExecute" | "ReleaseExecute" | "ReleaseSession" | "FetchErrorDetails") =>
  `/spark.connect.SparkConnectService/${name}`;
