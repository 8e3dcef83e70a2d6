/**
 * Field manager names: the default a write gets from its User-Agent, and the check kube runs on
 * the `fieldManager` query parameter.
 *
 * Contract: pure.
 * - `managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/abc')` → `kubectl`: the text
 *   before the first `/`, unprintable characters dropped, cut to 128 bytes.
 * - `validateFieldManager(name, path)`: at most 128 bytes, printable characters only (errors at
 *   `path`, byte positions as Go reports them).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go (managerOrUserAgent,
 * prefixFromUserAgent), staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 * (ValidateFieldManager)
 */
import { field, type FieldError } from '../fieldError.js';

export const fieldManagerMaxLength = 128;

const utf8 = new TextEncoder();

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0]!;
  // Printable ASCII (every client's agent) is kept as is: one byte a character, all printable.
  if (/^[\x20-\x7e]*$/.test(prefix)) return prefix.slice(0, fieldManagerMaxLength);
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!isPrint(ch)) continue;
    const n = utf8.encode(ch).length;
    if (bytes + n > fieldManagerMaxLength) break;
    out += ch;
    bytes += n;
  }
  return out;
}

export function validateFieldManager(name: string, path = 'fieldManager'): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8.encode(name).length > fieldManagerMaxLength) errs.push(field.tooLong(path, name, fieldManagerMaxLength));
  let offset = 0;
  for (const ch of name) {
    if (!isPrint(ch)) errs.push(field.invalid(path, name, `invalid characters at position ${offset}`));
    offset += utf8.encode(ch).length;
  }
  return errs;
}
