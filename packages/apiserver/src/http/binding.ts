/**
 * The `pods/binding` subresource: POST a v1 `Binding` to assign a pod to a node, as the
 * scheduler does.
 *
 * Contract (kube's BindingREST.Create and setPodHostAndAnnotations):
 * - The Binding's name must equal the URL's (400 "name in URL does not match name in Binding
 *   object"); its namespace, when set, the URL's (400). `target.kind` must be empty or `Node` and
 *   `target.name` non-empty, else a 500 carrying the field errors (kube returns a plain aggregate
 *   error there, which its HTTP layer turns into a reason-less 500).
 * - `metadata.uid` / `metadata.resourceVersion` of the Binding are preconditions on the pod (409).
 * - The pod must exist (404), not be terminating, not be assigned yet and have no scheduling
 *   gates; else 409 `Operation cannot be fulfilled on pods/binding "p": <why>` in kube's words.
 * - One stored write sets `spec.nodeName`, merges the Binding's annotations and sets the
 *   `PodScheduled` condition True (lastTransitionTime now when it changes). No strategy runs,
 *   as kube's is a raw storage update. Answer: 201 with a Success Status carrying code 201.
 * Upstream: pkg/registry/core/pod/storage/storage.go (BindingREST),
 *           pkg/apis/core/validation/validation.go (ValidatePodBinding)
 */
import { ApiError, BadRequest, Conflict, field, isPlainObject, resourceRow, type KubeObject, type ResourceInfo, type Status } from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import type { ResourceRegistry } from '../registry/resourceRegistry.js';
import { decodeObject } from './body.js';

const bindingInfo: ResourceInfo = resourceRow({ group: '', version: 'v1', kind: 'Binding', plural: 'bindings' });
const bindingResource = { group: '', resource: 'pods/binding' };
const podsResource = { group: '', resource: 'pods' };

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export function bindPod(
  registry: ResourceRegistry, pods: ResourceInfo, namespace: string, name: string,
  contentType: string | undefined, body: Buffer | undefined, dryRun: boolean,
): Status {
  const binding = decodeObject(bindingInfo, contentType, body);
  if (binding.metadata.namespace && binding.metadata.namespace !== namespace) {
    throw new BadRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (binding.metadata.name !== name) throw new BadRequest('name in URL does not match name in Binding object');
  const target = isPlainObject(binding.target) ? binding.target : {};
  const errs = [];
  if (typeof target.kind === 'string' && target.kind !== '' && target.kind !== 'Node') errs.push(field.notSupported('target.kind', target.kind, ['Node', '<empty>']));
  if (typeof target.name !== 'string' || target.name === '') errs.push(field.required('target.name'));
  if (errs.length) throw new ApiError(500, '', errs.length === 1 ? errs[0]!.toString() : `[${errs.map(String).join(', ')}]`);
  const node = target.name as string;
  const annotations = isPlainObject(binding.metadata.annotations) ? (binding.metadata.annotations as Record<string, string>) : {};
  registry.guaranteedUpdate(pods, namespace, name, { dryRun }, (pod, now) => {
    checkPreconditions(pod, binding);
    const refuse = (why: string) => new Conflict(bindingResource, name, why);
    const spec = (pod.spec ?? {}) as { nodeName?: string; schedulingGates?: unknown[] };
    if (pod.metadata.deletionTimestamp) throw refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
    if (spec.nodeName) throw refuse(`pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
    if (spec.schedulingGates?.length) throw refuse(`pod ${name} has non-empty .spec.schedulingGates`);
    spec.nodeName = node;
    pod.spec = spec;
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...annotations };
    pod.status = withScheduled((pod.status ?? {}) as { conditions?: PodCondition[] }, metaTime(now));
    return pod;
  });
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

/** The Binding's uid/resourceVersion, when set, must match the pod's (kube's storage preconditions). */
function checkPreconditions(pod: KubeObject, binding: KubeObject): void {
  const { uid, resourceVersion } = binding.metadata;
  const name = pod.metadata.name!;
  if (uid && uid !== pod.metadata.uid) {
    throw new Conflict(podsResource, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`);
  }
  if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
    throw new Conflict(podsResource, name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion}`);
  }
}

/** podutil.UpdatePodCondition with PodScheduled=True: the transition time moves only when the status changes. */
function withScheduled(status: { conditions?: PodCondition[] }, now: string): object {
  const conditions = [...(status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'PodScheduled');
  const old = i >= 0 ? conditions[i] : undefined;
  const next: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime ?? now : now };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  return { ...status, conditions };
}
