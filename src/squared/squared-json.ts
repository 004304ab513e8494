/** Parses an upstream body; `undefined` for anything that is not JSON (HTML error pages, garbage). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
