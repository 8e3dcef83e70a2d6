/**
 * The bridge between client-side and server-side apply for the manager `kubectl`: moving from
 * `kubectl apply` to `kubectl apply --server-side` must not conflict on fields the client-side
 * apply set, and must keep the last-applied annotation current so a later client-side apply
 * still computes the right patch.
 *
 * Contract: pure.
 * - `allowedConflicts(live, schema)`: the fields of the live object's last-applied configuration
 *   whose live value still equals the configured one (those conflicts are forgiven); undefined
 *   when there is no usable annotation.
 * - `withLastApplied(obj, config)`: `obj` with the annotation set to the configuration (minus the
 *   annotation itself) in Go's JSON encoding plus a newline, or without the annotation if that
 *   would exceed the 256 KiB annotation budget.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/{lastappliedmanager.go,
 * lastappliedupdater.go,lastapplied.go}
 */
import { parseGoJson } from '../patch/goJsonText.js';
import type { KubeObject } from '../types.js';
import { isPlainObject } from '../types.js';
import { deepClone } from '../patch/jsonValue.js';
import type { TypeNode } from './applySchema.js';
import { goJson } from './fieldPath.js';
import type { FieldSet } from './fieldSet.js';
import { compare, toFieldSet, withZeroFields } from './typedWalk.js';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
const totalAnnotationSizeLimit = 256 * 1024;
const utf8 = new TextEncoder();

export function allowedConflicts(live: KubeObject, schema: TypeNode): FieldSet | undefined {
  const text = live.metadata.annotations?.[lastAppliedAnnotation];
  if (!text) return undefined;
  try {
    const lastApplied: unknown = parseGoJson(text);
    if (!isPlainObject(lastApplied)) return undefined;
    const set = toFieldSet(lastApplied, schema);
    const { modified } = compare(lastApplied, withZeroFields(live, schema), schema);
    return set.difference(modified);
  } catch {
    return undefined;
  }
}

export function hasLastApplied(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[lastAppliedAnnotation] !== undefined;
}

export function withLastApplied(obj: KubeObject, config: Record<string, unknown>): KubeObject {
  const c = deepClone(config);
  if (isPlainObject(c.metadata) && isPlainObject(c.metadata.annotations)) delete c.metadata.annotations[lastAppliedAnnotation];
  const annotations: Record<string, string> = { ...(obj.metadata.annotations ?? {}), [lastAppliedAnnotation]: `${goJson(c)}\n` };
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += utf8.encode(k).length + utf8.encode(v).length;
  if (size > totalAnnotationSizeLimit) delete annotations[lastAppliedAnnotation];
  return { ...obj, metadata: { ...obj.metadata, annotations } };
}
