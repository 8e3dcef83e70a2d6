/**
 * `kubectl explain`'s text from a group-version's OpenAPI v3 document: kubectl v1.32's
 * `plaintext` template rendered step for step (GROUP/KIND/VERSION from the resource's paths, the
 * schema carrying that GVK, the field path followed through `$ref`, `allOf`, `items` and
 * `additionalProperties`, DESCRIPTION, EXTERNAL DOCS, FIELDS one by one or `--recursive` as a
 * tree, enums, `-required-`), so the output is byte-identical to kubectl's for the same document.
 *
 * Contract: pure. `explainText` returns what kubectl prints on stdout; when kubectl fails part
 * way (a field that does not exist, a GVK missing from the schemas) it throws `ExplainError`
 * carrying kubectl's message and the text kubectl had already printed (its header). Cycles in
 * `$ref`s stop as the template stops them (a ref already on the path prints nothing); nesting
 * deeper than `maxDepth` is refused rather than recursed into.
 * Upstream: staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl, funcs.go
 */
import { wrapString } from './wordWrap.js';

type Obj = Record<string, unknown>;

export interface Gvr { group: string; version: string; resource: string }

export class ExplainError extends Error {
  override name = 'ExplainError';
  constructor(message: string, readonly printed = '') {
    super(message);
  }
}

const maxDepth = 256;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go template truthiness: false, 0, nil and empty strings, slices and maps are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.keys(v).length > 0;
  return true;
}

const field = (o: unknown, k: string): unknown => (isObj(o) ? o[k] : undefined);
const sortedEntries = (o: unknown): [string, unknown][] => (isObj(o) ? Object.keys(o).sort().map((k) => [k, o[k]]) : []);
const indent = (n: number, s: string) => ' '.repeat(n) + s.replaceAll('\n', '\n' + ' '.repeat(n));
/** additionalProperties holding a schema (not `true`/`false`). */
const mapValues = (s: Obj): Obj | undefined => (truthy(s.additionalProperties) && typeof s.additionalProperties !== 'boolean' && isObj(s.additionalProperties) ? s.additionalProperties : undefined);

/** Go's fmt %v of a value decoded from JSON. */
function goValue(v: unknown): string {
  if (isObj(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  return v === null || v === undefined ? '<nil>' : String(v);
}

/** reflect.DeepEqual over JSON values. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

class Renderer {
  private depth = 0;
  constructor(private readonly doc: Obj, private readonly recursive: boolean) {}

  private enter(): void {
    if (++this.depth > maxDepth) throw new ExplainError(`error: schema nested deeper than ${maxDepth} levels`);
  }

  /** funcs.go resolveRef: a `#/a/b` fragment walked through the document's maps. */
  resolveRef(ref: unknown): Obj | undefined {
    if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
    let fragment: string;
    try {
      fragment = decodeURIComponent(ref.slice(1));
    } catch {
      return undefined;
    }
    let cur: Obj = this.doc;
    for (const k of fragment.split('/')) {
      if (!k) continue;
      const next = cur[k];
      if (!isObj(next)) return undefined;
      cur = next;
    }
    return cur;
  }

  private resolved(schema: Obj): Obj {
    const r = this.resolveRef(schema.$ref);
    return truthy(r) ? r! : schema;
  }

  /** The "schema" template: the first component (by name) listing `gvk`, explained. */
  schema(gvk: unknown, fieldPath: string[]): string {
    for (const [, s] of sortedEntries(field(this.doc, 'components') && field(field(this.doc, 'components'), 'schemas'))) {
      const gvks = field(s, 'x-kubernetes-group-version-kind');
      if (!Array.isArray(gvks) || !gvks.some((g) => deepEqual(g, gvk))) continue;
      const out = this.output(s as Obj, fieldPath, {});
      if (!out) throw new ExplainError(`error: field "${fieldPath[fieldPath.length - 1]}" does not exist`);
      return out;
    }
    return '';
  }

  /** The "output" template: follows `fieldPath`, then DESCRIPTION, EXTERNAL DOCS and FIELDS. */
  output(schema: Obj, fieldPath: string[], history: Record<string, true>): string {
    this.enter();
    try {
      const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
      const next = { ...history, [ref]: true as const };
      const resolved = this.resolved(schema);
      if (!fieldPath.length) {
        let text = 'DESCRIPTION:\n' + indent(4, wrapString(this.description(resolved) || '<empty>', 76)) + '\n';
        const docs = this.externalDocs(resolved);
        if (docs) text += '\n' + docs;
        const fields = this.fieldList(resolved, 1, {});
        if (fields) text += 'FIELDS:\n' + fields;
        return text;
      }
      if (ref && history[ref]) return '';
      const sub = field(resolved.properties, fieldPath[0]!);
      if (truthy(resolved.properties) && truthy(sub)) {
        let text = '';
        if (fieldPath.length === 1) text += `FIELD: ${fieldPath[0]} <${this.typeGuess(sub)}>\n` + this.enumText(sub, true, -1, 0) + '\n\n';
        return text + this.output(sub as Obj, fieldPath.slice(1), {});
      }
      if (truthy(resolved.items) && isObj(resolved.items)) return this.output(resolved.items, fieldPath, next);
      const values = mapValues(resolved);
      if (values) return this.output(values, fieldPath, next);
      for (const alt of Array.isArray(resolved.allOf) ? resolved.allOf : []) {
        const out = isObj(alt) ? this.output(alt, fieldPath, next) : '';
        if (out) return out;
      }
      return '';
    } finally {
      this.depth--;
    }
  }

  /** The "description" template: the schema's and its allOf/items/map values' descriptions. */
  description(schema: Obj): string {
    this.enter();
    try {
      const s = this.resolved(schema);
      let text = truthy(s.description) ? `${String(s.description)}\n` : '';
      for (const alt of Array.isArray(s.allOf) ? s.allOf : []) if (isObj(alt)) text += this.description(alt);
      if (truthy(s.items) && isObj(s.items)) text += this.description(s.items);
      const values = mapValues(s);
      if (values) text += this.description(values);
      return text;
    } finally {
      this.depth--;
    }
  }

  /** The "externalDocs" section (a resource's at column 0; a field's indented under the field). */
  externalDocs(schema: Obj, at = 0, body = 4, width = 76): string {
    const docs = schema.externalDocs;
    if (!truthy(docs)) return '';
    let text = indent(at, 'EXTERNAL DOCS:') + '\n';
    const description = field(docs, 'description');
    if (truthy(description)) text += indent(body, wrapString(String(description), width)) + '\n';
    const url = field(docs, 'url');
    if (truthy(url)) text += indent(body, `URL: ${String(url)}`) + '\n';
    return text;
  }

  /** The "fieldList" template: each property (sorted), then allOf, items and map values. */
  fieldList(schema: Obj, level: number, history: Record<string, true>): string {
    const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
    if (ref && history[ref]) return '';
    this.enter();
    try {
      const next = { ...history, [ref]: true as const };
      const resolved = this.resolved(schema);
      let text = '';
      for (const [name, sub] of sortedEntries(resolved.properties)) {
        text += this.fieldDetail(name, resolved, level);
        if (this.recursive && isObj(sub)) text += this.fieldList(sub, level + 1, next);
      }
      for (const alt of Array.isArray(resolved.allOf) ? resolved.allOf : []) if (isObj(alt)) text += this.fieldList(alt, level, next);
      if (truthy(resolved.items) && isObj(resolved.items)) text += this.fieldList(resolved.items, level, next);
      const values = mapValues(resolved);
      if (values) text += this.fieldList(values, level, next);
      return text;
    } finally {
      this.depth--;
    }
  }

  /** The "fieldDetail" template: `name <type> -required-`, its enum, and (not recursive) its description. */
  private fieldDetail(name: string, parent: Obj, level: number): string {
    const at = level * 2;
    const sub = field(parent.properties, name);
    const required = Array.isArray(parent.required) && parent.required.includes(name);
    let text = `${indent(at, name)}\t<${this.typeGuess(sub)}>${required ? ' -required-' : ''}${this.enumText(sub, false, 4, at)}\n`;
    if (this.recursive) return text;
    const description = field(sub, 'description');
    text += indent(at + 2, wrapString(truthy(description) ? String(description) : '<no description>', 78 - at)) + '\n';
    if (isObj(sub)) {
      const docs = this.externalDocs(sub, at + 2, at + 4, 76 - at);
      if (docs) text += '\n' + docs;
    }
    return text + '\n';
  }

  /** The "typeGuess" template: `string`, `[]Container`, `map[string]string`, `Object`... */
  typeGuess(schema: unknown): string {
    if (!truthy(schema) || !isObj(schema)) throw new ExplainError("expected schema argument to subtemplate 'typeguess'");
    this.enter();
    try {
      if (truthy(schema.items)) return `[]${this.typeGuess(schema.items)}`;
      const values = mapValues(schema);
      if (values) return `map[string]${this.typeGuess(values)}`;
      if (truthy(schema.allOf) && !truthy(schema.properties) && (schema.allOf as unknown[]).length === 1) return this.typeGuess((schema.allOf as unknown[])[0]);
      const ref = schema.$ref;
      if (truthy(ref)) {
        const target = this.resolveRef(ref);
        const type = field(target, 'type');
        if (!truthy(target) || !truthy(type) || type === 'object') {
          const name = String(ref).split('/').pop()!;
          return name.split('.').pop() || 'Object';
        }
        return String(type);
      }
      return schema.type === 'object' || !truthy(schema.type) ? 'Object' : String(schema.type);
    } finally {
      this.depth--;
    }
  }

  /** The "extractEnum" template: `\n  enum: a, b, c, d, ....` (list view) or `ENUM:\n    a\n    b` (a field's own view). */
  enumText(schema: unknown, long: boolean, limitGiven: number, at: number): string {
    const values = field(schema, 'enum');
    if (!truthy(schema) || !truthy(values) || !Array.isArray(values)) return '';
    const limit = limitGiven || -1;
    let text = long ? 'ENUM:' : `\n${' '.repeat(at)}enum: `;
    for (const [i, v] of values.entries()) {
      if (limit > -1 && i >= limit) {
        text += ', ....';
        break;
      }
      if (i > 0 && !long) text += ', ';
      else if (long) text += '\n    ';
      text += v === '' ? '""' : goValue(v);
    }
    return text;
  }
}

/** The request's path in the document's `paths`, as the template searches them. */
function findGvk(doc: Obj, gvr: Gvr): unknown {
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const searched = [
    [prefix, gvr.version, gvr.resource], [prefix, gvr.version, gvr.resource, '{name}'],
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource], [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource, '{name}'],
  ].map((parts) => parts.join('/'));
  let gvk: unknown;
  for (const path of searched) {
    const element = field(doc.paths, path);
    if (!truthy(element)) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = field(element, method);
      if (!truthy(op)) continue;
      gvk = field(op, 'x-kubernetes-group-version-kind');
      if (truthy(gvk)) break;
    }
  }
  return gvk;
}

const gvrString = (g: Gvr) => `${g.group}/${g.version}, Resource=${g.resource}`;

/** What `kubectl explain` prints for `gvr` and `fieldPath` from `doc` (its group-version's document). */
export function explainText(doc: Obj, gvr: Gvr, fieldPath: string[], recursive: boolean): string {
  const gvk = findGvk(doc, gvr);
  if (!truthy(gvk)) throw new ExplainError(`error: GVR (${gvrString(gvr)}) not found in OpenAPI schema`);
  const group = field(gvk, 'group');
  const header = `${truthy(group) ? `GROUP:      ${goValue(group)}\n` : ''}KIND:       ${goValue(field(gvk, 'kind'))}\nVERSION:    ${goValue(field(gvk, 'version'))}\n\n`;
  let body: string;
  try {
    body = new Renderer(doc, recursive).schema(gvk, fieldPath);
  } catch (e: unknown) {
    if (e instanceof ExplainError) throw new ExplainError(e.message, header);
    throw e;
  }
  if (!body) throw new ExplainError(`error: GVK ${goValue(gvk)} not found in OpenAPI schema`, header);
  return header + body + '\n';
}

export { gvrString };
