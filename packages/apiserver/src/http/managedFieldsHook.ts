/**
 * Where the REST handlers meet the field manager: the `fieldManager` and `force` parameters
 * (validated as kube validates Create/Update/PatchOptions), the manager a write is recorded
 * under, and the managedFields every create, update and patch records.
 *
 * Contract
 * - `writeManager(q, headers, options, patchKind?)`: the manager name — the `fieldManager`
 *   parameter, else the User-Agent's product (`kubectl/v1.32…` → `kubectl`). Invalid options are
 *   kube's 422 `<Kind>Options.meta.k8s.io "" is invalid: …`: apply needs a fieldManager, `force`
 *   is only for apply, names are ≤ 128 printable bytes.
 * - `recordManagedFields(info, live, next, manager, sub)`: `next` with managedFields updated for
 *   an Update by `manager` (live undefined: a create).
 * - `recordPut(...)`: the same for a PUT, reading the live object first (synchronously, so no
 *   other write can come between the read and the registry's write).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update,patch,rest}.go
 */
import { Invalid, NotFound, apiVersionOf, type KubeObject, type ResourceInfo, type Scheme } from '@miniplane/api';
import { applyConfiguration, managerFromUserAgent, recordUpdate, validateFieldManager, type ManagerScope } from '@miniplane/api/apply/index';
import { field, type FieldError } from '@miniplane/api/fieldError';
import type { ResourceRegistry } from '../registry/resourceRegistry.js';
import type { PatchKind } from './body.js';
import { str, type Query } from './query.js';

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/** What the field manager needs to know of a resource. */
export type KindInfo = Pick<ResourceInfo, 'kind' | 'group' | 'version'> & Partial<Pick<ResourceInfo, 'subresources'>>;

/**
 * What the scheme knows of a kind that the field manager uses: the defaulting kube's decoder
 * applies before the field manager sees an object, the kind's type and the definitions
 * undeclared applied fields are checked against.
 */
export type KindTyping = Pick<ManagerScope, 'defaults' | 'schema' | 'definitions'>;

export function typingOf(scheme: Scheme, info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): KindTyping {
  return { defaults: scheme.defaults(info), schema: scheme.applyType(info), definitions: scheme.definitions() };
}

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

function scopeOf(info: KindInfo, sub: string, typing: KindTyping, now: Date): ManagerScope {
  return {
    kind: info.kind,
    apiVersion: apiVersionOf(info as ResourceInfo),
    subresource: sub === 'status' || sub === 'scale' ? sub : undefined,
    now,
    statusSubresource: info.subresources?.includes('status'),
    ...typing,
  };
}

export function recordManagedFields(
  info: KindInfo, live: KubeObject | undefined, next: KubeObject, manager: string, sub: string, typing: KindTyping, now = new Date(),
): KubeObject {
  return recordUpdate(live, next, manager, scopeOf(info, sub, typing, now));
}

export function applyManaged(
  info: KindInfo, live: KubeObject, config: unknown, manager: string, force: boolean, sub: string, typing: KindTyping, now = new Date(),
): KubeObject {
  return applyConfiguration(live, config, manager, force, scopeOf(info, sub, typing, now));
}

export function recordPut(
  registry: ResourceRegistry, info: ResourceInfo, namespace: string | undefined, name: string, next: KubeObject, manager: string, sub: string,
): KubeObject {
  let live: KubeObject | undefined;
  try {
    live = registry.get(info, namespace, name);
  } catch (e) {
    if (!(e instanceof NotFound)) throw e;
  }
  return recordManagedFields(info, live, next, manager, sub, typingOf(registry.scheme, info));
}
