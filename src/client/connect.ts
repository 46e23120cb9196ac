// connect(): the embedded platform by default, a server when given a URL (or SLICEWISE_URL).
import { EmbeddedWorkspace } from "./embeddedWorkspace";
import { HttpWorkspace } from "./httpWorkspace";
import type { Workspace } from "./workspace";

export interface ConnectOptions {
  /** A platform server, e.g. http://127.0.0.1:8765; default SLICEWISE_URL, else embedded. */
  url?: string;
  /** Bearer token of the server; default SLICEWISE_TOKEN. */
  token?: string;
  /** Data directory of the embedded platform; default SLICEWISE_DATA or ./.slicewise. */
  data?: string;
}

export async function connect(options: ConnectOptions = {}): Promise<Workspace> {
  const url = options.url ?? process.env.SLICEWISE_URL;
  if (url) return new HttpWorkspace(url, options.token ?? process.env.SLICEWISE_TOKEN);
  return EmbeddedWorkspace.open({ data: options.data });
}
