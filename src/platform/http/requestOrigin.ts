// Who may talk to the server, decided from the request's Host and Origin headers (Jupyter's rules).
// Host: on a loopback bind only loopback names are accepted (and names the user allows), so a page
// on attacker.example that re-resolves its name to 127.0.0.1 (DNS rebinding) is refused. Origin: a
// browser's cross-origin request is answered only for origins the user allows; by default, on a
// loopback bind, any loopback origin — a JupyterLab on this machine saving slices — still subject
// to the token. Pure: the HTTP layer calls these and writes the answer.

export interface OriginPolicy {
  /** Whether the server listens on a loopback address only. */
  loopback: boolean;
  /** Host names (without port) accepted besides the loopback ones. */
  allowHosts: readonly string[];
  /** Origins whose pages may call the API: exact ("https://lab.example:8888"), a port wildcard
   *  ("http://localhost:*"), or "*" for any. */
  allowOrigins: readonly string[];
}

const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** The origins a loopback server accepts when the user names none. */
export const loopbackOrigins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"];

/** The host name of a Host header ("127.0.0.1:8765" → "127.0.0.1", "[::1]:8765" → "[::1]"). */
export function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  const colon = trimmed.lastIndexOf(":");
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

export function hostAllowed(host: string | undefined, policy: OriginPolicy): boolean {
  if (!policy.loopback) return true;
  if (host === undefined || host === "") return false;
  const name = hostName(host);
  return loopbackNames.has(name) || policy.allowHosts.some((allowed) => allowed.toLowerCase() === name);
}

/** "same" for the page's own origin, "allowed" for an origin the policy lets in, else "refused". */
export function originStanding(origin: string, host: string | undefined, policy: OriginPolicy): "same" | "allowed" | "refused" {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return "refused";
  }
  if (host !== undefined && parsed.host === host.toLowerCase() && (parsed.protocol === "http:" || parsed.protocol === "https:")) return "same";
  return policy.allowOrigins.some((pattern) => originMatches(parsed, pattern)) ? "allowed" : "refused";
}

function originMatches(origin: URL, pattern: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(":*")) {
    const base = pattern.slice(0, -2).toLowerCase();
    // URL keeps an IPv6 host name in brackets, as the pattern writes it.
    return `${origin.protocol}//${origin.hostname}` === base;
  }
  return origin.origin === pattern.replace(/\/+$/, "").toLowerCase();
}
