// A Spark Connect client for what the platform asks of Spark: run a SQL statement and read its
// answer (Arrow IPC batches in the ExecutePlan response stream), or run a SQL command. Executions
// are reattachable: a stream that breaks mid-answer is resumed after the last response read;
// one that cannot be resumed, or a query Spark refuses, is a coded error with Spark's message.
import { randomUUID } from "node:crypto";
import { Client, ClientReadableStream, Metadata, ServiceError, credentials, status } from "@grpc/grpc-js";
import { RecordBatch, Table, tableFromIPC } from "apache-arrow";
import { Type } from "protobufjs";
import { SlicewiseError } from "../../../core";
import { ExecutePlanResponse, StageProgress, messages, sparkConnectMethod } from "./messages";
import { SparkRemote, parseSparkRemote, sparkTarget } from "./remote";

export interface SparkProgress {
  stages: number;
  tasks: number;
  completedTasks: number;
  bytesRead: number;
}

export interface ExecuteOptions {
  /** Called with the running stages' progress as Spark reports it. */
  onProgress?: (progress: SparkProgress) => void;
  signal?: AbortSignal;
}

/** How many times a broken stream is reattached before the execution is given up. */
const reattachAttempts = 3;
const clientType = "slicewise";

export class SparkConnectClient {
  readonly remote: SparkRemote;
  readonly sessionId: string;
  /**
   * The server's own id of the session, as its last answer said: it changes when the server no
   * longer had the session (it restarted) and made a new one, without the settings and views.
   */
  serverSessionId: string | undefined;
  private readonly client: Client;
  private readonly userContext: { user_id: string };

  constructor(uri: string) {
    this.remote = parseSparkRemote(uri);
    this.sessionId = this.remote.sessionId ?? randomUUID();
    this.userContext = { user_id: this.remote.userId ?? "slicewise" };
    this.client = new Client(sparkTarget(this.remote), this.remote.useSsl ? credentials.createSsl() : credentials.createInsecure(), {
      "grpc.max_receive_message_length": this.remote.maxMessageSize,
      "grpc.max_send_message_length": this.remote.maxMessageSize,
      "grpc.primary_user_agent": this.remote.userAgent,
    });
  }

  /** Runs a query and returns its answer. */
  async sql(query: string, options: ExecuteOptions = {}): Promise<Table> {
    const batches = await this.execute({ root: { sql: { query } } }, options);
    return new Table(batches);
  }

  /** Runs a command (DDL, SET, CREATE TEMPORARY VIEW …) to completion. */
  async command(sql: string, options: ExecuteOptions = {}): Promise<void> {
    await this.execute({ command: { sql_command: { input: { sql: { query: sql } } } } }, options);
  }

  /** Ends the session on the server (its temporary views go with it) and closes the channel. */
  async close(): Promise<void> {
    try {
      await this.unary("ReleaseSession", messages.ReleaseSessionRequest, messages.ReleaseSessionResponse, {
        session_id: this.sessionId,
        user_context: this.userContext,
        client_type: clientType,
      });
    } catch {
      // The server is gone or the session already ended: nothing is left to release.
    } finally {
      this.client.close();
    }
  }

  private async execute(plan: object, options: ExecuteOptions): Promise<RecordBatch[]> {
    const operationId = randomUUID();
    const batches: RecordBatch[] = [];
    let lastResponseId: string | undefined;
    let complete = false;
    let started = false;
    for (let attempt = 0; !complete; attempt++) {
      const stream = started
        ? this.stream("ReattachExecute", messages.ReattachExecuteRequest, {
            ...this.session(),
            operation_id: operationId,
            last_response_id: lastResponseId,
          })
        : this.stream("ExecutePlan", messages.ExecutePlanRequest, {
            ...this.session(),
            operation_id: operationId,
            plan,
            request_options: [{ reattach_options: { reattachable: true } }],
          });
      const cancel = () => stream.cancel();
      options.signal?.addEventListener("abort", cancel);
      try {
        for await (const raw of stream as AsyncIterable<Uint8Array>) {
          started = true;
          const response = messages.ExecutePlanResponse.toObject(messages.ExecutePlanResponse.decode(raw), { longs: Number }) as ExecutePlanResponse;
          lastResponseId = response.response_id || lastResponseId;
          this.serverSessionId = response.server_side_session_id || this.serverSessionId;
          if (response.arrow_batch) batches.push(...tableFromIPC(response.arrow_batch.data).batches);
          if (response.execution_progress && options.onProgress) options.onProgress(progressOf(response.execution_progress.stages));
          if (response.result_complete) complete = true;
        }
        // A stream that ends without ResultComplete has more to send: reattach.
      } catch (error) {
        options.signal?.throwIfAborted();
        const grpcError = error as ServiceError;
        // Only a stream that has begun and lost its connection is resumed; any other error is the
        // server's verdict on the query (Spark sends its errors as INTERNAL, with its message).
        if (!(started && grpcError.code === status.UNAVAILABLE) || attempt + 1 >= reattachAttempts) throw await this.coded(grpcError, started);
      } finally {
        options.signal?.removeEventListener("abort", cancel);
      }
    }
    // Released so the server drops the responses it kept for a reattach; its answer does not matter.
    this.unary("ReleaseExecute", messages.ReleaseExecuteRequest, messages.ReleaseExecuteResponse, {
      ...this.session(),
      operation_id: operationId,
      release_all: {},
    }).catch(() => undefined);
    return batches;
  }

  private session() {
    return { session_id: this.sessionId, user_context: this.userContext, client_type: clientType };
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.remote.token) metadata.set("authorization", `Bearer ${this.remote.token}`);
    for (const [name, value] of Object.entries(this.remote.headers)) metadata.set(name, value);
    return metadata;
  }

  private stream(method: "ExecutePlan" | "ReattachExecute", request: Type, body: object): ClientReadableStream<Uint8Array> {
    return this.client.makeServerStreamRequest(
      sparkConnectMethod(method),
      (value: object) => Buffer.from(request.encode(request.fromObject(value)).finish()),
      (bytes: Buffer) => bytes,
      body,
      this.metadata(),
    );
  }

  private unary(method: "ReleaseExecute" | "ReleaseSession" | "FetchErrorDetails", request: Type, response: Type, body: object): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.client.makeUnaryRequest(
        sparkConnectMethod(method),
        (value: object) => Buffer.from(request.encode(request.fromObject(value)).finish()),
        (bytes: Buffer) => response.decode(bytes),
        body,
        this.metadata(),
        (error, value) => (error ? reject(error) : resolve(value)),
      ),
    );
  }

  /**
   * Spark's message for a failed query: the gRPC status carries the top error's (which may only
   * say "Multiple failures in stage materialization."); the causes, which say what went wrong,
   * are fetched by the error's id (FetchErrorDetails). Each error's first line: the rest is the plan.
   */
  private async sparkMessage(error: ServiceError): Promise<string> {
    const firstLine = (text: string) => text.trim().split("\n")[0];
    const top = firstLine(error.details || error.message);
    try {
      const [statusBytes] = error.metadata?.get("grpc-status-details-bin") ?? [];
      if (!statusBytes) return top;
      const rich = messages.Status.decode(statusBytes as Buffer) as unknown as { details: { type_url: string; value: Uint8Array }[] };
      const info = rich.details.find((detail) => detail.type_url.endsWith("google.rpc.ErrorInfo"));
      const errorId = info && (messages.ErrorInfo.decode(info.value) as unknown as { metadata: Record<string, string> }).metadata.errorId;
      if (!errorId) return top;
      const details = (await this.unary("FetchErrorDetails", messages.FetchErrorDetailsRequest, messages.FetchErrorDetailsResponse, {
        ...this.session(),
        error_id: errorId,
      })) as { root_error_idx?: number; errors: { message: string; cause_idx?: number }[] };
      const chain: string[] = [];
      // The root is the first error when the index is left out (0 is proto3's default).
      for (
        let index: number | undefined = details.root_error_idx ?? 0;
        index !== undefined && index !== null && chain.length < 5;
        index = details.errors[index]?.cause_idx
      )
        if (details.errors[index]) chain.push(firstLine(details.errors[index].message));
      return [...new Set(chain.length ? chain : [top])].join(" Caused by: ");
    } catch {
      return top;
    }
  }

  /** A gRPC error as the platform's: the server unreachable (503) or the query failed there (502). */
  private async coded(error: ServiceError, started: boolean): Promise<SlicewiseError> {
    const where = `Spark Connect at sc://${sparkTarget(this.remote)}`;
    if (error.code === status.UNAVAILABLE && !started)
      return new SlicewiseError("engine_unavailable", `${where} is unreachable (${error.details || error.message}); start it, or check --spark-remote`);
    if (error.code === status.UNAVAILABLE)
      return new SlicewiseError("engine_failed", `the answer from ${where} broke off and could not be resumed: ${error.details || error.message}`);
    return new SlicewiseError("engine_failed", `Spark could not run the query: ${await this.sparkMessage(error)}`);
  }
}

function progressOf(stages: StageProgress[]): SparkProgress {
  return stages.reduce(
    (sum, stage) => ({
      stages: sum.stages + 1,
      tasks: sum.tasks + Number(stage.num_tasks),
      completedTasks: sum.completedTasks + Number(stage.num_completed_tasks),
      bytesRead: sum.bytesRead + Number(stage.input_bytes_read),
    }),
    { stages: 0, tasks: 0, completedTasks: 0, bytesRead: 0 },
  );
}
