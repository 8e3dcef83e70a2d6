/**
 * Field selectors: `a=b,c==d,e!=f` with kube's backslash escaping, checked against the fields a
 * resource can be selected by, and matched against plain JSON objects.
 *
 * Contract:
 * - Parsing follows fields.ParseSelector: terms split on unescaped commas and sorted as strings;
 *   each term splits at the first `!=`, `==` or `=`; values unescape `\\`, `\,`, `\=`; an
 *   unescaped `,`/`=` in a value or an unknown escape is a BadRequest with kube's text.
 * - With a `ResourceInfo`, each field goes through the kind's field-label conversion: supported
 *   fields are metadata.name, metadata.namespace (namespaced kinds, or kinds using the default
 *   conversion) and `selectableFields`; kinds marked `strictFieldLabels` use kube's hand-written
 *   conversion; anything else is a BadRequest worded like kube
 *   (`field label not supported: foo` for core kinds with their own conversion, otherwise
 *   `"foo" is not a known field selector: only "metadata.name", "metadata.namespace"`).
 *   Pods also accept the legacy `spec.host`, read as `spec.nodeName`.
 * - Matching reads the field by dotted path; booleans read as "true"/"false", counts as decimal
 *   text; a missing field reads as its zero text from `zeros` (the scheme derives it from the
 *   kind's schema: "false" for a boolean, "0" for an integer), else "" (so `spec.nodeName=`
 *   selects unscheduled pods); `status.podIPs` matches any of the pod's IPs.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/fields/selector.go, pkg/apis/core/v1/conversion.go,
 * runtime.DefaultMetaV1FieldSelectorConversion, pkg/registry/core/{pod,event,node}/strategy.go
 */
import { BadRequest } from './errors.js';
import type { ResourceInfo } from './resources.js';
import { isPlainObject } from './types.js';

export interface FieldRequirement {
  readonly field: string;
  /** `=` and `==` are the same term in kube and print as `=`. */
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(obj: unknown): boolean;
  empty(): boolean;
  /** The value `field` must equal, if some `=` term pins it (used for single-object watches). */
  requiresExactMatch(field: string): string | undefined;
  toString(): string;
}

/** Selectable field -> what it reads as when absent (Scheme.fieldZeroValues); unlisted fields read as "". */
export type FieldZeroValues = ReadonlyMap<string, string>;
const noZeros: FieldZeroValues = new Map();

/** fields.EscapeValue: makes any literal safe to use as a field selector value. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.UnescapeValue. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new BadRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. as its code point number.
      throw new BadRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new BadRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Comma-separated terms; a backslash-escaped comma stays inside its term. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The field name cannot be escaped, so the first operator occurrence splits the term. */
function splitTerm(term: string): [string, '=' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op === '!=' ? '!=' : '=', term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** The kind's field-label conversion: returns the canonical field or throws kube's BadRequest. */
function convertFieldLabel(info: ResourceInfo, label: string): string {
  const strict = info.strictFieldLabels;
  const supported = ['metadata.name', ...(info.namespaced || !strict ? ['metadata.namespace'] : []), ...info.selectableFields];
  if (supported.includes(label)) return label;
  if (info.kind === 'Pod' && label === 'spec.host') return 'spec.nodeName'; // old v1 clients
  if (strict) throw new BadRequest(`field label not supported: ${label}`);
  const only = ['metadata.name', 'metadata.namespace', ...info.selectableFields].map((f) => JSON.stringify(f)).join(', ');
  throw new BadRequest(`${JSON.stringify(label)} is not a known field selector: only ${only}`);
}

/**
 * fields.ParseSelector, then (with `info`) the apiserver's field-label conversion.
 * Throws BadRequest with kube's wording for syntax errors and unsupported fields.
 */
export function parseFieldSelector(selector: string, info?: ResourceInfo, zeros: FieldZeroValues = noZeros): FieldSelector {
  const parts = splitTerms(selector).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new BadRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [lhs, operator, rhs] = split;
    reqs.push({ field: lhs, operator, value: unescapeFieldValue(rhs) });
  }
  const converted = info ? reqs.map((r) => ({ ...r, field: convertFieldLabel(info, r.field) })) : reqs;
  // Transform drops a term whose field and value both came out empty (it selects everything).
  const kept = converted.filter((r) => r.field !== '' || r.value !== '').map((r) => Object.freeze(r));
  return makeFieldSelector(kept, info?.kind, zeros);
}

/** A selector that pins metadata.name (and nothing else), as the apiserver builds for named watches. */
export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return makeFieldSelector([Object.freeze({ field, operator: '=' as const, value })], undefined, noZeros);
}

function makeFieldSelector(reqs: FieldRequirement[], kind: string | undefined, zeros: FieldZeroValues): FieldSelector {
  const requirements = Object.freeze(reqs);
  return Object.freeze({
    requirements,
    matches: (obj: unknown) => requirements.every((r) => termMatches(r, selectableFieldValues(obj, r.field, kind, zeros))),
    empty: () => requirements.length === 0,
    requiresExactMatch: (f: string) => requirements.find((r) => r.field === f && r.operator === '=')?.value,
    toString: () => requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(','),
  });
}

function termMatches(r: FieldRequirement, values: string[]): boolean {
  const hit = values.includes(r.value);
  return r.operator === '=' ? hit : !hit;
}

function lookup(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

function asText(v: unknown, zero = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return zero;
}

/**
 * The text(s) a field reads as. Most fields read as exactly one string; `status.podIPs` reads as
 * every pod IP, so `=` means "any IP equals" (and an IP-less pod reads as "").
 */
export function selectableFieldValues(obj: unknown, fieldPath: string, kind?: string, zeros: FieldZeroValues = noZeros): string[] {
  // These two are special cases in kube's own hand-written field-label functions (pod and event
  // strategy.go), not plain reads of one schema field, so they stay spelled out here.
  if (kind === 'Pod' && (fieldPath === 'status.podIP' || fieldPath === 'status.podIPs')) {
    const ips = podIPs(obj);
    if (fieldPath === 'status.podIP') return [ips[0] ?? ''];
    return ips.length ? ips : [''];
  }
  if (kind === 'Event' && fieldPath === 'source') {
    // kube falls back to the reporting controller for events.k8s.io-style events.
    const component = asText(lookup(obj, 'source.component'));
    return [component || asText(lookup(obj, 'reportingComponent'))];
  }
  return [asText(lookup(obj, fieldPath), zeros.get(fieldPath))];
}

/** kube reads status.podIP from podIPs[0]; a bare status.podIP is honoured when podIPs is unset. */
function podIPs(obj: unknown): string[] {
  const list = lookup(obj, 'status.podIPs');
  if (Array.isArray(list) && list.length > 0) {
    return list.map((x) => (isPlainObject(x) && typeof x.ip === 'string' ? x.ip : ''));
  }
  const single = lookup(obj, 'status.podIP');
  return typeof single === 'string' && single !== '' ? [single] : [];
}
