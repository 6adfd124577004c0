/** `text` read as JSON, or `fallback` when it is not JSON: for text that may be JSON or not. */
export function parseJsonOr<F>(text: string, fallback: F): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
