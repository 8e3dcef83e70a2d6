/**
 * The OpenAPI path items for one served resource: every URL miniplane answers for it, each
 * operation tagged with `x-kubernetes-action` and `x-kubernetes-group-version-kind`, carrying
 * kube's query parameters. kubectl reads two things here: whether the PATCH operation of a kind
 * lists `fieldValidation` (then it validates server-side and sends `fieldValidation=Strict`),
 * and whether that PATCH consumes `application/strategic-merge-patch+json` (then it computes
 * client-side apply patches from these schemas).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/installer.go (routes, operation IDs, parameters);
 * staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go
 */
import type { ResourceInfo } from '../resources.js';
import { scaleSchemaName, schemaNameOf } from './definitions.js';
import { bareRef, meta, type GroupVersionKind } from './schema.js';

export interface Parameter {
  description: string;
  in: 'query' | 'path';
  name: string;
  required?: boolean;
  schema: { type: 'string' | 'integer' | 'boolean'; uniqueItems: true };
}

export type Operation = Record<string, unknown> & { parameters?: Parameter[] };
export type PathItem = Record<string, unknown> & { parameters?: Parameter[] };

function q(name: string, type: Parameter['schema']['type'], description: string): Parameter {
  return { description, in: 'query', name, schema: { type, uniqueItems: true } };
}

const dryRunParam = q('dryRun', 'string', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed');
const fieldManagerParam = q('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.');
const fieldManagerPatchParam = q('fieldManager', 'string', `${fieldManagerParam.description} This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).`);
const fieldValidationParam = q('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.');
const forceParam = q('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.');
const prettyParam = q('pretty', 'string', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).");
const namespaceParam: Parameter = { description: 'object name and auth scope, such as for teams and projects', in: 'path', name: 'namespace', required: true, schema: { type: 'string', uniqueItems: true } };

const writeParams = [dryRunParam, fieldManagerParam, fieldValidationParam];
const patchParams = [dryRunParam, fieldManagerPatchParam, fieldValidationParam, forceParam];
const deleteParams = [
  dryRunParam,
  q('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.'),
  q('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.'),
  q('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned.'),
  q('propagationPolicy', 'string', "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground."),
];
const listParams = [
  q('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion.'),
  q('continue', 'string', 'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize.'),
  q('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  q('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  q('limit', 'integer', 'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.'),
  q('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset'),
  q('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset'),
  q('sendInitialEvents', 'boolean', '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection.'),
  q('timeoutSeconds', 'integer', 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.'),
  q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.'),
];

export const patchContentTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

function body(schemaName: string, types: string[] = ['*/*'], required = true): Record<string, unknown> {
  return { content: Object.fromEntries(types.map((t) => [t, { schema: bareRef(schemaName) }])), ...(required ? { required: true } : {}) };
}

function responses(schemaName: string, codes: Array<[string, string]>, types = ['application/json']): Record<string, unknown> {
  return Object.fromEntries(codes.map(([code, description]) => [code, { content: Object.fromEntries(types.map((t) => [t, { schema: bareRef(schemaName) }])), description }]));
}

const ok: Array<[string, string]> = [['200', 'OK']];
const okCreated: Array<[string, string]> = [['200', 'OK'], ['201', 'Created']];

/** `CoreV1`, `AppsV1`, `DiscoveryV1`: the group-version word kube puts in operation IDs. */
export function operationGroupWord(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  const g = info.group ? info.group.split('.')[0]! : 'core';
  return g[0]!.toUpperCase() + g.slice(1) + info.version[0]!.toUpperCase() + info.version.slice(1);
}

/** `core_v1`, `apps_v1`, `discovery_v1`. */
function tag(info: ResourceInfo): string {
  return `${info.group ? info.group.split('.')[0] : 'core'}_${info.version}`;
}

interface OpSpec {
  verb: string;
  action: string;
  description: string;
  params?: Parameter[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, unknown>;
  gvk: GroupVersionKind;
}

function op(info: ResourceInfo, s: OpSpec): Operation {
  return {
    description: s.description,
    operationId: s.verb,
    ...(s.params ? { parameters: s.params } : {}),
    ...(s.requestBody ? { requestBody: s.requestBody } : {}),
    responses: s.responses,
    tags: [tag(info)],
    'x-kubernetes-action': s.action,
    'x-kubernetes-group-version-kind': s.gvk,
  };
}

/** The path items (URL template → item) miniplane serves for one resource. */
export function resourcePaths(info: ResourceInfo): Record<string, PathItem> {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const word = operationGroupWord(info);
  const scope = info.namespaced ? 'Namespaced' : '';
  const id = `${word}${scope}${info.kind}`;
  const item = schemaNameOf(info);
  const list = `${item}List`;
  const nameParam: Parameter = { description: `name of the ${info.kind}`, in: 'path', name: 'name', required: true, schema: { type: 'string', uniqueItems: true } };
  const scoped = info.namespaced ? [namespaceParam] : [];
  const collection = info.namespaced ? `${base}/namespaces/{namespace}/${info.plural}` : `${base}/${info.plural}`;
  const listOp = (verb: string) => op(info, { verb, action: 'list', description: `list or watch objects of kind ${info.kind}`, responses: responses(list, ok, ['application/json', 'application/json;stream=watch']), gvk });

  const out: Record<string, PathItem> = {
    [collection]: {
      ...(info.verbs.includes('deletecollection') ? { delete: op(info, { verb: `delete${word}Collection${scope}${info.kind}`, action: 'deletecollection', description: `delete collection of ${info.kind}`, params: [...deleteParams, ...listParams.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')], requestBody: body(meta('DeleteOptions'), ['*/*'], false), responses: responses(meta('Status'), ok), gvk }) } : {}),
      get: listOp(`list${id}`),
      parameters: [...scoped, prettyParam, ...listParams],
      post: op(info, { verb: `create${id}`, action: 'post', description: `create ${article(info.kind)} ${info.kind}`, params: writeParams, requestBody: body(item), responses: responses(item, [...okCreated, ['202', 'Accepted']]), gvk }),
    },
    [`${collection}/{name}`]: objectItem(info, item, `${id}`, [nameParam, ...scoped, prettyParam], gvk, true),
  };
  for (const sub of info.subresources) {
    // TODO(issue 10): pods/binding's and pods/eviction's create paths need the Binding and Eviction definitions; not published yet.
    if (sub === 'binding' || sub === 'eviction') continue;
    if (sub === 'log') {
      out[`${collection}/{name}/log`] = logItem(info, [nameParam, ...scoped, prettyParam], gvk);
      continue;
    }
    const subName = sub === 'scale' ? scaleSchemaName : item;
    const subGvk = sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : gvk;
    out[`${collection}/{name}/${sub}`] = objectItem(info, subName, `${id}${sub[0]!.toUpperCase()}${sub.slice(1)}`, [nameParam, ...scoped, prettyParam], subGvk, false, sub);
  }
  if (info.namespaced) out[`${base}/${info.plural}`] = { get: listOp(`list${word}${info.kind}ForAllNamespaces`), parameters: [prettyParam, ...listParams] };
  return out;
}

function objectItem(info: ResourceInfo, schemaName: string, id: string, params: Parameter[], gvk: GroupVersionKind, deletable: boolean, sub?: string): PathItem {
  const what = sub ? `${sub} of the specified ${info.kind}` : `the specified ${info.kind}`;
  const item: PathItem = {
    get: op(info, { verb: `read${id}`, action: 'get', description: `read ${what}`, responses: responses(schemaName, ok), gvk }),
    parameters: params,
    patch: op(info, { verb: `patch${id}`, action: 'patch', description: `partially update ${what}`, params: patchParams, requestBody: body(meta('Patch'), patchContentTypes), responses: responses(schemaName, okCreated), gvk }),
    put: op(info, { verb: `replace${id}`, action: 'put', description: `replace ${what}`, params: writeParams, requestBody: body(schemaName), responses: responses(schemaName, okCreated), gvk }),
  };
  if (deletable) {
    item.delete = op(info, { verb: `delete${id}`, action: 'delete', description: `delete ${article(info.kind)} ${info.kind}`, params: deleteParams, requestBody: body(meta('DeleteOptions'), ['*/*'], false), responses: responses(meta('Status'), [...ok, ['202', 'Accepted']]), gvk });
  }
  return item;
}

/** PodLogOptions' query parameters (sinceTime, a struct, is not listed: kube's builder skips it). */
const logParams = [
  q('container', 'string', 'The container for which to stream logs. Defaults to only container if there is one container in the pod.'),
  q('follow', 'boolean', 'Follow the log stream of the pod. Defaults to false.'),
  q('insecureSkipTLSVerifyBackend', 'boolean', "insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to.  This will make the HTTPS connection between the apiserver and the backend insecure. This means the apiserver cannot verify the log data it is receiving came from the real kubelet.  If the kubelet is configured to verify the apiserver's TLS credentials, it does not mean the connection to the real kubelet is vulnerable to a man in the middle attack (e.g. an attacker could not intercept the actual log data coming from the real kubelet)."),
  q('limitBytes', 'integer', 'If set, the number of bytes to read from the server before terminating the log output. This may not display a complete final line of logging, and may return slightly more or slightly less than the specified limit.'),
  q('previous', 'boolean', 'Return previous terminated container logs. Defaults to false.'),
  q('sinceSeconds', 'integer', 'A relative time in seconds before the current time from which to show logs. If this value precedes the time a pod was started, only logs since the pod start will be returned. If this value is in the future, no logs will be returned. Only one of sinceSeconds or sinceTime may be specified.'),
  q('stream', 'string', 'Specify which container log stream to return to the client. Acceptable values are "All", "Stdout" and "Stderr". If not specified, "All" is used, and both stdout and stderr are returned interleaved. Note that when "TailLines" is specified, "Stream" can only be set to nil or "All".'),
  q('tailLines', 'integer', 'If set, the number of lines from the end of the logs to show. If not specified, logs are shown from the creation of the container or sinceSeconds or sinceTime. Note that when "TailLines" is specified, "Stream" can only be set to nil or "All".'),
  q('timestamps', 'boolean', 'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.'),
];

/** `pods/{name}/log`: GET only, a text answer (LogREST produces text/plain besides the defaults). */
function logItem(info: ResourceInfo, params: Parameter[], gvk: GroupVersionKind): PathItem {
  const text = { schema: { type: 'string' } };
  const responses = { '200': { content: { 'application/json': text, 'application/vnd.kubernetes.protobuf': text, 'application/yaml': text, 'text/plain': text }, description: 'OK' } };
  return {
    get: op(info, { verb: `read${operationGroupWord(info)}Namespaced${info.kind}Log`, action: 'get', description: `read log of the specified ${info.kind}`, responses, gvk }),
    parameters: [...logParams, ...params].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}
