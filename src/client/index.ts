// The kernel-side client: connect() and the workspace it returns.
export * from "./connect";
export * from "./workspace";
export { EmbeddedWorkspace } from "./embeddedWorkspace";
export { HttpWorkspace } from "./httpWorkspace";
export { check } from "./check";
export type { CheckOptions, CheckResult } from "./check";
