/**
 * The `pods/eviction` subresource: POST a policy/v1 `Eviction` to delete a pod the way
 * `kubectl drain` asks for it.
 *
 * Contract (kube's EvictionREST.Create, with no PodDisruptionBudgets served):
 * - The body is a policy/v1 Eviction (policy/v1beta1 accepted too, as kube does); another
 *   apiVersion or kind is the create handler's 400, wrong JSON types Go's 400 naming
 *   `Eviction.deleteOptions...`. Its name must equal the URL's (400 "name in URL does not match
 *   name in Eviction object"); its namespace, when set, the URL's (400).
 * - `?dryRun=All` and the Eviction's `deleteOptions.dryRun` merge as kube's propagateDryRun does
 *   (both set and different: kube's reason-less 500 "Non-matching dry-run options ...").
 * - The pod is then deleted exactly as a DELETE with the Eviction's `deleteOptions` deletes it
 *   (gracefully when bound; gracePeriodSeconds, preconditions and propagationPolicy honoured, held
 *   to ValidateDeleteOptions): a missing pod is `404 pods "p" not found`.
 * - Answer: 201 with a Success Status carrying code 201 (kube's create handler fills the code in).
 * - Never 429: kube answers TooManyRequests only when a PodDisruptionBudget forbids the eviction,
 *   and none are served. kube's retry on conflicts and its resourceVersion precondition for
 *   Pending pods guard against a write between its read and its delete; here the read and the
 *   delete run in one synchronous step, so there is none.
 * Upstream: pkg/registry/core/pod/storage/eviction.go,
 *           staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go
 */
import { ApiError, BadRequest, isPlainObject, resourceRow, type ResourceInfo, type Status } from '@miniplane/api';
import { builtinDefinitions } from '@miniplane/api/kinds/index';
import { policyDefinitions, type Definitions } from '@miniplane/api/openapi/index';
import type { ResourceRegistry } from '../registry/resourceRegistry.js';
import { checkedObject, decodeBody } from './body.js';
import { deleteOptionsFrom } from './deleteOptions.js';

const evictionV1: ResourceInfo = resourceRow({ group: 'policy', version: 'v1', kind: 'Eviction', plural: 'evictions' });
const evictionV1beta1: ResourceInfo = { ...evictionV1, version: 'v1beta1' };

let definitions: Readonly<Definitions> | undefined;
/** The built-in definitions plus the Eviction's (v1beta1's is the same shape). */
function evictionDefinitions(): Readonly<Definitions> {
  definitions ??= { ...builtinDefinitions(), ...policyDefinitions, 'io.k8s.api.policy.v1beta1.Eviction': policyDefinitions['io.k8s.api.policy.v1.Eviction']! };
  return definitions;
}

/** Go's %v of a []string. */
const goList = (xs: readonly unknown[]) => `[${xs.join(' ')}]`;

/**
 * kube's propagateDryRun: the query's dryRun values (already checked to be `All`) fill in an
 * Eviction's empty ones; both set must agree.
 */
function mergedDryRun(query: string[], body: unknown): unknown {
  const own = Array.isArray(body) ? body : [];
  if (!own.length) return query.length ? query : body;
  if (!query.length) return body;
  if (own.length !== query.length || own.some((x, i) => x !== query[i])) {
    throw new ApiError(500, '', `Non-matching dry-run options in request and content: ${goList(query)} and ${goList(own)}`);
  }
  return body;
}

export function evictPod(
  registry: ResourceRegistry, pods: ResourceInfo, namespace: string, name: string,
  contentType: string | undefined, body: Buffer | undefined, queryDryRun: string[],
): Status {
  const data = decodeBody(evictionV1, contentType, body);
  const info = isPlainObject(data) && data.apiVersion === 'policy/v1beta1' ? evictionV1beta1 : evictionV1;
  const eviction = checkedObject(info, data, body, evictionDefinitions());
  if (eviction.metadata.namespace && eviction.metadata.namespace !== namespace) {
    throw new BadRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (eviction.metadata.name !== name) throw new BadRequest('name in URL does not match name in Eviction object');
  // The embedded DeleteOptions' own apiVersion/kind are plain fields to Go: nothing checks them.
  const { kind: _kind, apiVersion: _apiVersion, ...given } = isPlainObject(eviction.deleteOptions) ? eviction.deleteOptions : {};
  const dryRun = mergedDryRun(queryDryRun, given.dryRun);
  const options = deleteOptionsFrom(dryRun === undefined ? given : { ...given, dryRun });
  registry.delete(pods, namespace, name, options);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
