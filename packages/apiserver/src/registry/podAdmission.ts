/**
 * kube-apiserver's pod admission plugins ServiceAccount, Priority and DefaultTolerationSeconds,
 * layered over the Pod strategy: every created pod gets its service account (`default` unless
 * named), its priority and preemption policy (kube's 403 for a PriorityClass that does not
 * exist) and the default NoExecute tolerations (api/pod/admission.ts). With `requireServiceAccounts`
 * a pod whose service account does not exist is refused, as kube does: 403 `pods "p" is
 * forbidden: error looking up service account ns/x: serviceaccount "x" not found` (the check
 * runs inside the create's transaction, after the namespace check).
 * Upstream: plugin/pkg/admission/serviceaccount/admission.go,
 * plugin/pkg/admission/priority/admission.go, plugin/pkg/admission/defaulttolerationseconds/admission.go
 */
import { Forbidden, NotFound, findResourceByKind, type GroupResource } from '@miniplane/api';
import { admitPodDefaultTolerations, admitPodPriority, admitPodServiceAccount, serviceAccountLookupError, type TolerationSeconds } from '@miniplane/api/pod/admission';
import type { Strategy } from '@miniplane/api/scheme/strategy';
import type { ResourceRegistry } from './resourceRegistry.js';

export interface PodAdmissionOptions {
  /** Refuse pods whose service account does not exist (kube-apiserver's default; off for bare test servers). */
  requireServiceAccounts?: boolean;
  /** `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds` (300 each). */
  tolerationSeconds?: TolerationSeconds;
}

const pods: GroupResource = { group: '', resource: 'pods' };

export function podAdmission(base: Strategy, registry: () => ResourceRegistry, o: PodAdmissionOptions): Strategy {
  return {
    ...base,
    prepareForCreate(obj, ctx) {
      base.prepareForCreate?.(obj, ctx);
      admitPodServiceAccount(obj);
      admitPodDefaultTolerations(obj, o.tolerationSeconds);
    },
    prepareForUpdate(next, old, ctx) {
      base.prepareForUpdate?.(next, old, ctx);
      // Priority admission on update: a body without the priority set at create keeps it.
      const [n, o] = [next.spec as { priority?: unknown } | undefined, old.spec as { priority?: unknown } | undefined];
      if (n && n.priority == null && o?.priority != null) n.priority = o.priority;
    },
    beginCreate(obj, ctx) {
      const account = (obj.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName;
      const ns = obj.metadata.namespace!;
      if (o.requireServiceAccounts && account && obj.metadata.annotations?.['kubernetes.io/config.mirror'] === undefined && !exists(registry(), ns, account)) {
        throw new Forbidden(pods, obj.metadata.name ?? '', serviceAccountLookupError(ns, account));
      }
      // kube runs Priority after ServiceAccount; a mirror pod is no exception.
      const refused = admitPodPriority(obj);
      if (refused) throw new Forbidden(pods, obj.metadata.name ?? '', refused);
      base.beginCreate?.(obj, ctx);
    },
  };
}

const serviceAccounts = findResourceByKind('v1', 'ServiceAccount')!;

function exists(registry: ResourceRegistry, ns: string, name: string): boolean {
  try {
    registry.get(serviceAccounts, ns, name);
    return true;
  } catch (e: unknown) {
    if (e instanceof NotFound) return false;
    throw e;
  }
}
