// jsdom's global lacks TextEncoder/TextDecoder, which apache-arrow needs at import: lend Node's.
// Import before anything that imports apache-arrow.
import { TextDecoder, TextEncoder } from "util";

const scope = globalThis as unknown as Record<string, unknown>;
scope.TextDecoder ??= TextDecoder;
scope.TextEncoder ??= TextEncoder;
