/**
 * The write options of a request (kube's Create/Update/PatchOptions): the `fieldManager`,
 * `force` and `fieldValidation` parameters, validated as kube validates them, and the manager a
 * write is recorded under.
 *
 * Contract: `writeManager(q, headers, options, patchKind?)` returns the manager name — the
 * `fieldManager` parameter, else the User-Agent's product (`kubectl/v1.32…` → `kubectl`).
 * Invalid options are kube's 422 `<Kind>Options.meta.k8s.io "" is invalid: …`: apply needs a
 * fieldManager, `force` is only for apply, names are ≤ 128 printable bytes, fieldValidation is
 * one of kube's values.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update,patch,rest}.go
 */
import { Invalid } from '@miniplane/api';
import { managerFromUserAgent, validateFieldManager } from '@miniplane/api/apply/index';
import { field, type FieldError } from '@miniplane/api/fieldError';
import type { PatchKind } from '../registry/objectChecks.js';
import { str, type Query } from './query.js';

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

export function writeManager(q: Query, headers: Record<string, string | string[] | undefined>, options: OptionsKind, patch?: PatchKind): string {
  const given = str(q, 'fieldManager') ?? '';
  const errs: FieldError[] = [];
  if (options === 'PatchOptions' && patch !== 'apply' && q.force !== undefined) {
    errs.push(field.forbidden('force', 'may not be specified for non-apply patch'));
  }
  if (patch === 'apply' && given === '') errs.push(field.required('fieldManager', 'is required for apply patch'));
  errs.push(...validateFieldManager(given));
  const fv = str(q, 'fieldValidation') ?? '';
  if (!['', 'Ignore', 'Strict', 'Warn'].includes(fv)) errs.push(field.notSupported('fieldValidation', fv, ['', 'Ignore', 'Strict', 'Warn']));
  if (errs.length) {
    const err = new Invalid({ group: 'meta.k8s.io', kind: options }, '', errs);
    delete err.details?.name; // kube omits the empty name of an options object
    throw err;
  }
  const ua = headers['user-agent'];
  return given || managerFromUserAgent(Array.isArray(ua) ? ua[0] : ua);
}
