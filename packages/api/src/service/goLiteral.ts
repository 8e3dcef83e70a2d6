/**
 * Field errors whose bad value kube prints with Go's %#v of a typed value, e.g.
 * `[]core.IPFamily{"IPv4"}` or `core.ServicePort{Name:"", Protocol:"TCP", ...}`, which the
 * generic `formatGoValue` cannot know. The literal text is given as-is.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go (ErrorBody)
 */
import { FieldError, OMIT, type FieldErrorType } from '../fieldError.js';
import type { ServicePort } from './types.js';

export class GoLiteralFieldError extends FieldError {
  constructor(type: FieldErrorType, path: string, readonly literal: string, detail = '') {
    super(type, path, literal, detail);
  }

  override errorBody(): string {
    const head = new FieldError(this.type, this.field, OMIT).errorBody();
    return `${head}: ${this.literal}${this.detail ? `: ${this.detail}` : ''}`;
  }
}

function q(s: string): string {
  return JSON.stringify(s);
}

/** `[]core.IPFamily{"IPv4", "IPv6"}` (an empty or nil slice prints `[]core.IPFamily(nil)`). */
export function goIPFamilies(families: readonly string[] | undefined): string {
  return families?.length ? `[]core.IPFamily{${families.map(q).join(', ')}}` : '[]core.IPFamily(nil)';
}

/** `[]string{"a"}`, or `[]string(nil)` for an empty one (Go keeps no empty-vs-nil on the wire). */
export function goStrings(values: readonly string[] | undefined): string {
  return values?.length ? `[]string{${values.map(q).join(', ')}}` : '[]string(nil)';
}

/** The duplicate-port key kube prints: a core.ServicePort holding only protocol and port. */
export function goServicePortKey(p: Pick<ServicePort, 'protocol' | 'port'>): string {
  return (
    `core.ServicePort{Name:"", Protocol:${q(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port}, ` +
    'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'
  );
}
