/**
 * The Secret strategy: kube's v1 decoding defaults and ValidateSecret / ValidateSecretUpdate.
 *
 * Contract: pure; validation returns field errors, never throws.
 * - Every write: `stringData` is merged into `data` (each value base64-encoded, overwriting a
 *   `data` entry of the same key) and dropped, as kube's v1 → internal conversion does; an empty
 *   `type` becomes `Opaque` (SetDefaults_Secret).
 * - Validation (422 with kube's causes, keys sorted as Go's random map order has none): each data
 *   key passes IsConfigMapKey; the decoded values total at most 1 MiB (`data: Too long`); the
 *   built-in types require their keys: `kubernetes.io/service-account-token` the
 *   `kubernetes.io/service-account.name` annotation, `dockercfg`/`dockerconfigjson` their key
 *   holding JSON, `basic-auth` a username or a password, `ssh-auth` `ssh-privatekey`, `tls`
 *   `tls.crt` and `tls.key`.
 * - Update: `type` is immutable; once the stored Secret is `immutable: true`, `data` and
 *   `immutable` may not change.
 * data values are base64 by then (the decoder refuses the rest with a 400, as for ConfigMaps).
 * Upstream: pkg/apis/core/v1/conversion.go (Convert_v1_Secret_To_core_Secret),
 * pkg/apis/core/v1/defaults.go (SetDefaults_Secret), pkg/apis/core/validation/validation.go
 * (ValidateSecret, ValidateSecretUpdate), pkg/registry/core/secret/strategy.go
 */
import { field, type FieldError } from '../fieldError.js';
import { goBase64DecodedLength } from '../goBase64.js';
import { parseGoJson } from '../patch/goJsonText.js';
import { deepEqual } from '../patch/jsonValue.js';
import type { Strategy } from '../scheme/strategy.js';
import type { KubeObject } from '../types.js';
import { isConfigMapKey } from '../validation/names.js';

export interface Secret extends KubeObject {
  data?: Record<string, string> | null;
  stringData?: Record<string, string> | null;
  type?: string;
  immutable?: boolean | null;
}

/** core.MaxSecretSize */
export const maxSecretSize = 1024 * 1024;

/** Convert_v1_Secret_To_core_Secret + SetDefaults_Secret: stringData folded into data, type Opaque. */
export function defaultSecret(input: Secret): Secret {
  const { stringData, ...out } = input;
  if (stringData && Object.keys(stringData).length) {
    const data: Record<string, string> = { ...(out.data ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    out.data = data;
  }
  if (!out.type) out.type = 'Opaque';
  return out;
}

function requireKeys(data: Record<string, string>, keys: string[]): FieldError[] {
  return keys.filter((k) => !Object.hasOwn(data, k)).map((k) => field.required(`data[${k}]`));
}

/** A docker config key must be present and hold JSON (Go's json.Unmarshal error as the detail). */
function jsonKey(data: Record<string, string>, key: string): FieldError[] {
  if (!Object.hasOwn(data, key)) return [field.required(`data[${key}]`)];
  try {
    parseGoJson(Buffer.from(data[key]!, 'base64').toString('utf8'));
    return [];
  } catch (e) {
    return [field.invalid(`data[${key}]`, '<secret contents redacted>', (e as Error).message)];
  }
}

function typeErrors(s: Secret, data: Record<string, string>): FieldError[] {
  switch (s.type) {
    case 'kubernetes.io/service-account-token':
      return s.metadata.annotations?.['kubernetes.io/service-account.name'] ? [] : [field.required('metadata.annotations[kubernetes.io/service-account.name]')];
    case 'kubernetes.io/dockercfg':
      return jsonKey(data, '.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return jsonKey(data, '.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of them must be there.
      return Object.hasOwn(data, 'username') || Object.hasOwn(data, 'password') ? [] : requireKeys(data, ['username', 'password']);
    case 'kubernetes.io/ssh-auth':
      return requireKeys(data, ['ssh-privatekey']);
    case 'kubernetes.io/tls':
      return requireKeys(data, ['tls.key', 'tls.crt']);
    default:
      return [];
  }
}

export function validateSecret(s: Secret): FieldError[] {
  const data = s.data ?? {};
  const errs: FieldError[] = [];
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    for (const msg of isConfigMapKey(key)) errs.push(field.invalid(`data[${key}]`, key, msg));
    total += goBase64DecodedLength(data[key] ?? '');
  }
  if (total > maxSecretSize) errs.push(field.tooLong('data', '', maxSecretSize));
  return [...errs, ...typeErrors(s, data)];
}

export function validateSecretUpdate(next: Secret, old: Secret): FieldError[] {
  const errs: FieldError[] = [];
  if ((next.type ?? '') !== (old.type ?? '')) errs.push(field.invalid('type', next.type ?? '', 'field is immutable'));
  if (old.immutable === true) {
    const detail = 'field is immutable when `immutable` is set';
    if (!deepEqual(next.data ?? undefined, old.data ?? undefined)) errs.push(field.forbidden('data', detail));
    if (next.immutable !== true) errs.push(field.forbidden('immutable', detail));
  }
  return [...errs, ...validateSecret(next)];
}

/** The registry has applied the kind's defaults (defaultSecret, stringData merged) once already. */
export const secretStrategy: Strategy = {
  validate: (obj) => validateSecret(obj as Secret),
  validateUpdate: (next, old) => validateSecretUpdate(next as Secret, old as Secret),
};
