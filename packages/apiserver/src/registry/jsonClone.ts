/**
 * Deep copy of stored JSON data, for the registry's write paths.
 *
 * Contract: a JSON round trip (faster than structuredClone for plain JSON in V8); data holding a
 * bigint (an integer beyond 2^53, which JSON.stringify refuses) takes structuredClone.
 */
export function clone<T>(v: T): T {
  if (v === undefined) return v;
  try {
    return JSON.parse(JSON.stringify(v)) as T;
  } catch (e) {
    if (e instanceof TypeError) return structuredClone(v);
    throw e;
  }
}
