/**
 * Field paths as structured-merge-diff names them: a path is a list of elements, each a struct or
 * map field (`f:name`), a list-map key (`k:{"port":80,"protocol":"TCP"}`), a set value
 * (`v:"x"`) or a list index (`i:0`).
 *
 * Contract: pure. `serializeElement`/`parseElement` round-trip the fieldsV1 key text exactly as
 * SMD writes it (key fields sorted by name, Go's JSON encoding with HTML escaping);
 * `compareElements` is SMD's total order (field < key < value < index, values by type then
 * content); `pathString` is `Path.String()` as conflict messages print it:
 * `.spec.ports[port=80,protocol="TCP"].targetPort`.
 * Upstream: sigs.k8s.io/structured-merge-diff fieldpath/{element.go,serialize-pe.go,path.go},
 * value/{less.go,value.go (ToString)}
 */
import { encodeJson, parseGoJson } from '../patch/goJsonText.js';
import { isPlainObject } from '../types.js';

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  /** Key fields sorted by name. */
  | { readonly kind: 'key'; readonly fields: ReadonlyArray<readonly [string, unknown]> }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export const fieldElement = (name: string): PathElement => ({ kind: 'field', name });
export const valueElement = (value: unknown): PathElement => ({ kind: 'value', value });
export const indexElement = (index: number): PathElement => ({ kind: 'index', index });

export function keyElement(fields: Iterable<readonly [string, unknown]>): PathElement {
  const sorted = [...fields].sort(([a], [b]) => compareStrings(a, b));
  return { kind: 'key', fields: sorted };
}

/** Go's strings.Compare: UTF-8 byte order, which is code point order (JS `<` is UTF-16 order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only surrogates (astral code points) sort differently in UTF-16 and in code points.
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    const cx = a.codePointAt(i)!;
    const cy = b.codePointAt(i)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** value.Compare: numbers < strings < bools < lists < maps < null; within a type, by content. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown): number =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : isPlainObject(v) ? 4 : 5;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number') return a === b ? 0 : a < (b as number) ? -1 : 1;
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    for (let i = 0; i < Math.min(a.length, bl.length); i++) {
      const c = compareValues(a[i], bl[i]);
      if (c !== 0) return c;
    }
    return a.length === bl.length ? 0 : a.length < bl.length ? -1 : 1;
  }
  if (isPlainObject(a)) {
    const ea = Object.entries(a).sort(([x], [y]) => compareStrings(x, y));
    const eb = Object.entries(b as Record<string, unknown>).sort(([x], [y]) => compareStrings(x, y));
    return compareFieldLists(ea, eb);
  }
  return 0;
}

function compareFieldLists(a: ReadonlyArray<readonly [string, unknown]>, b: ReadonlyArray<readonly [string, unknown]>): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareStrings(a[i]![0], b[i]![0]) || compareValues(a[i]![1], b[i]![1]);
    if (c !== 0) return c;
  }
}

const kindRank = { field: 0, key: 1, value: 2, index: 3 } as const;

export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return kindRank[a.kind] < kindRank[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareFieldLists(a.fields, (b as typeof a).fields);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return a.index === (b as typeof a).index ? 0 : a.index < (b as typeof a).index ? -1 : 1;
  }
}

const htmlUnsafe = /[<>&\u2028\u2029]/g;

/** `v` with every object's keys in sorted order (values are bounded in depth when decoded). */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort(compareStrings).map((k) => [k, sortedKeys(v[k])]));
}

/** encoding/json's output (a bigint as its digits): object keys sorted, `<`, `>`, `&`, U+2028/9 escaped. */
export function goJson(v: unknown): string {
  const text = encodeJson(sortedKeys(v));
  htmlUnsafe.lastIndex = 0;
  return htmlUnsafe.test(text) ? text.replace(htmlUnsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/** Serialized forms by element: a walk reuses its element objects along every path it inserts. */
const serialized = new WeakMap<PathElement, string>();

export function serializeElement(pe: PathElement): string {
  if (pe.kind === 'field') return `f:${pe.name}`;
  let s = serialized.get(pe);
  if (s === undefined) {
    s = serializeUncached(pe);
    serialized.set(pe, s);
  }
  return s;
}

function serializeUncached(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      // The fields are already sorted; write them in that order.
      return `k:{${pe.fields.map(([n, v]) => `${goJson(n)}:${goJson(v)}`).join(',')}}`;
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/** DeserializePathElement; a malformed key throws an Error with SMD's text. */
export function parseElement(s: string): PathElement {
  if (s.length < 2) throw new Error('key must be 2 characters long:');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return fieldElement(body);
    case 'v':
      return valueElement(parseGoJson(body));
    case 'k': {
      const o: unknown = parseGoJson(body);
      if (!isPlainObject(o)) throw new Error(`expected an object in ${s}`);
      return keyElement(Object.entries(o));
    }
    case 'i': {
      if (!/^-?\d+$/.test(body)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(body)}: invalid syntax`);
      return indexElement(Number(body));
    }
    default:
      throw new Error('unknown path element type');
  }
}

/** value.ToString: strings quoted, lists `[a,b]`, maps `{k=v}`. */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueText).join(',')}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).sort(compareStrings).map((k) => `${k}=${valueText(v[k])}`).join(',')}}`;
  return String(v);
}

export function elementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([n, v]) => `${n}=${valueText(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueText(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export function pathString(path: Path): string {
  return path.map(elementString).join('');
}
