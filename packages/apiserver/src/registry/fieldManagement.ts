/**
 * The field manager's step of the write pipeline: the managedFields every create, update and
 * patch records, and server-side apply itself, with what the scheme knows of the kind (its SMD
 * type and the definitions undeclared applied fields are checked against). The registry has
 * defaulted the object already, so an Update is compared as it will be stored.
 *
 * Contract
 * - `recordManagedFields(scheme, info, live, next, manager, sub)`: `next` with managedFields
 *   updated for an Update by `manager` (live undefined: a create).
 * - `applyManaged(scheme, info, live, config, manager, force, sub)`: the object an apply by
 *   `manager` produces (conflicts are kube's 409 unless `force`).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager,
 * staging/src/k8s.io/apimachinery/pkg/util/managedfields
 */
import { apiVersionOf, type KubeObject, type ResourceInfo, type Scheme } from '@miniplane/api';
import { applyConfiguration, recordUpdate, type ManagerScope } from '@miniplane/api/apply/index';

/** What the field manager needs to know of a resource. */
export type KindInfo = Pick<ResourceInfo, 'kind' | 'group' | 'version'> & Partial<Pick<ResourceInfo, 'subresources'>>;

function scopeOf(scheme: Scheme, info: KindInfo, sub: string, now: Date): ManagerScope {
  return {
    kind: info.kind,
    apiVersion: apiVersionOf(info),
    subresource: sub === 'status' || sub === 'scale' ? sub : undefined,
    now,
    statusSubresource: info.subresources?.includes('status'),
    schema: scheme.applyType(info),
    definitions: scheme.definitions(),
  };
}

export function recordManagedFields(
  scheme: Scheme, info: KindInfo, live: KubeObject | undefined, next: KubeObject, manager: string, sub: string, now = new Date(),
): KubeObject {
  return recordUpdate(live, next, manager, scopeOf(scheme, info, sub, now));
}

export function applyManaged(
  scheme: Scheme, info: KindInfo, live: KubeObject, config: unknown, manager: string, force: boolean, sub: string, now = new Date(),
): KubeObject {
  return applyConfiguration(live, config, manager, force, scopeOf(scheme, info, sub, now));
}
