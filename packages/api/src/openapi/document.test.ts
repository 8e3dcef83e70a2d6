import { createHash } from 'node:crypto';
import t from 'tap';
import { builtinDefinitions, groupVersions, resources } from '../kinds/index.js';
import type { ResourceInfo } from '../resources.js';
import { resolve, schemaNameOf } from './definitions.js';
import { groupVersionPath, openapiV3Document, openapiV3Index, openapiV3Served, type OpenAPIV3Document } from './document.js';
import type { Operation, Parameter } from './operations.js';
import { refName, type Schema } from './schema.js';

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;
const definitions = builtinDefinitions();

function docOf(info: Pick<ResourceInfo, 'group' | 'version'>): OpenAPIV3Document {
  const d = openapiV3Document(info.group, info.version);
  if (!d) throw new Error(`no document for ${info.group}/${info.version}`);
  return d;
}

function operations(doc: OpenAPIV3Document): Array<{ path: string; method: string; op: Operation }> {
  const out: Array<{ path: string; method: string; op: Operation }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of methods) if (item[m]) out.push({ path, method: m, op: item[m] as Operation });
  }
  return out;
}

/** Every `$ref` string anywhere under `v`. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

/** What kubectl does (query_param_verifier_v3.go): the PATCH operation tagged with the GVK. */
function patchOperationFor(doc: OpenAPIV3Document, info: ResourceInfo): Operation | undefined {
  for (const item of Object.values(doc.paths)) {
    const op = item.patch as Operation | undefined;
    const gvk = op?.['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string } | undefined;
    if (gvk && gvk.group === info.group && gvk.version === info.version && gvk.kind === info.kind) return op;
  }
  return undefined;
}

t.test('every served kind has a schema carrying its GVK, and so does its list', async (t) => {
  for (const r of resources) {
    t.test(`${r.group || 'core'}/${r.version} ${r.kind}`, async (t) => {
      const doc = docOf(r);
      for (const [name, kind] of [[schemaNameOf(r), r.kind], [`${schemaNameOf(r)}List`, `${r.kind}List`]] as const) {
        const s = doc.components.schemas[name];
        t.ok(s, `${name} is in the ${r.group || 'core'} document`);
        t.same(s?.['x-kubernetes-group-version-kind'], [{ group: r.group, version: r.version, kind }]);
      }
      t.ok(definitions[schemaNameOf(r)]?.properties?.metadata, 'has metadata');
    });
  }
});

t.test('documents are well-formed OpenAPI 3 with every $ref resolvable', async (t) => {
  for (const gv of groupVersions()) {
    t.test(groupVersionPath(gv.group, gv.version), async (t) => {
      const doc = docOf(gv);
      t.equal(doc.openapi, '3.0.0');
      t.ok(Object.keys(doc.paths).length > 0);
      const missing = refs(doc).filter((r) => !r.startsWith('#/components/schemas/') || !doc.components.schemas[r.slice('#/components/schemas/'.length)]);
      t.same(missing, [], 'no dangling $ref');
      const roundTrip = JSON.parse(JSON.stringify(doc)) as unknown;
      t.same(roundTrip, doc, 'plain JSON');
    });
  }
});

t.test('every operation names its action and GVK', async (t) => {
  for (const gv of groupVersions()) {
    for (const { path, method, op } of operations(docOf(gv))) {
      t.ok(op['x-kubernetes-action'], `${method} ${path} has x-kubernetes-action`);
      t.ok(op['x-kubernetes-group-version-kind'], `${method} ${path} has x-kubernetes-group-version-kind`);
      t.ok(op.operationId, `${method} ${path} has an operationId`);
    }
  }
});

t.test('PATCH operations carry the parameters kubectl probes for and every patch media type', async (t) => {
  const want = ['dryRun', 'fieldManager', 'fieldValidation', 'force'];
  for (const gv of groupVersions()) {
    for (const { path, op } of operations(docOf(gv)).filter((o) => o.method === 'patch')) {
      const names = (op.parameters ?? []).map((p: Parameter) => p.name);
      t.same(names.filter((n) => want.includes(n)).sort(), want, `${path} PATCH parameters`);
      const content = Object.keys((op.requestBody as { content: Record<string, unknown> }).content).sort();
      t.same(content, ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'], `${path} PATCH media types`);
    }
  }
  for (const r of resources) {
    const op = patchOperationFor(docOf(r), r);
    t.ok(op?.parameters?.some((p) => p.name === 'fieldValidation' && p.in === 'query'), `kubectl finds fieldValidation for ${r.kind}`);
  }
});

t.test('POST and PUT accept fieldValidation too', async (t) => {
  for (const gv of groupVersions()) {
    for (const { path, method, op } of operations(docOf(gv)).filter((o) => o.method === 'post' || o.method === 'put')) {
      t.ok(op.parameters?.some((p) => p.name === 'fieldValidation'), `${method} ${path}`);
    }
  }
});

t.test('paths: every URL miniplane serves for a resource, with kube operation IDs', async (t) => {
  const cases: Array<{ name: string; group: string; path: string; want: Record<string, [string, string]> }> = [
    { name: 'namespaced collection', group: '', path: '/api/v1/namespaces/{namespace}/services', want: { get: ['listCoreV1NamespacedService', 'list'], post: ['createCoreV1NamespacedService', 'post'], delete: ['deleteCoreV1CollectionNamespacedService', 'deletecollection'] } },
    { name: 'namespaced object', group: '', path: '/api/v1/namespaces/{namespace}/services/{name}', want: { get: ['readCoreV1NamespacedService', 'get'], put: ['replaceCoreV1NamespacedService', 'put'], patch: ['patchCoreV1NamespacedService', 'patch'], delete: ['deleteCoreV1NamespacedService', 'delete'] } },
    { name: 'status subresource', group: '', path: '/api/v1/namespaces/{namespace}/services/{name}/status', want: { get: ['readCoreV1NamespacedServiceStatus', 'get'], put: ['replaceCoreV1NamespacedServiceStatus', 'put'], patch: ['patchCoreV1NamespacedServiceStatus', 'patch'] } },
    { name: 'all namespaces list', group: '', path: '/api/v1/services', want: { get: ['listCoreV1ServiceForAllNamespaces', 'list'] } },
    // edge: the namespace object lives at /namespaces/{name}, not under a namespace
    { name: 'cluster-scoped object', group: '', path: '/api/v1/namespaces/{name}', want: { get: ['readCoreV1Namespace', 'get'], patch: ['patchCoreV1Namespace', 'patch'] } },
    { name: 'group operation word', group: 'discovery.k8s.io', path: '/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices/{name}', want: { patch: ['patchDiscoveryV1NamespacedEndpointSlice', 'patch'] } },
    { name: 'pods/log: GET only', group: '', path: '/api/v1/namespaces/{namespace}/pods/{name}/log', want: { get: ['readCoreV1NamespacedPodLog', 'get'] } },
    { name: 'scale subresource', group: 'apps', path: '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale', want: { get: ['readAppsV1NamespacedDeploymentScale', 'get'], patch: ['patchAppsV1NamespacedDeploymentScale', 'patch'] } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const item = docOf({ group: c.group, version: 'v1' }).paths[c.path];
      t.ok(item, `${c.path} is documented`);
      for (const [method, [id, action]] of Object.entries(c.want)) {
        const op = item?.[method] as Operation | undefined;
        t.equal(op?.operationId, id, `${method} operationId`);
        t.equal(op?.['x-kubernetes-action'], action, `${method} action`);
      }
    });
  }
  const scale = docOf({ group: 'apps', version: 'v1' }).paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']?.patch as Operation;
  t.same(scale['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'scale speaks autoscaling/v1 Scale');
  t.notOk(docOf({ group: '', version: 'v1' }).paths['/api/v1/nodes/{name}/scale'], 'no subresource that is not served');
  const log = docOf({ group: '', version: 'v1' }).paths['/api/v1/namespaces/{namespace}/pods/{name}/log']!;
  t.same(methods.filter((m) => log[m]), ['get'], 'pods/log: GET only');
  t.same((log.parameters ?? []).map((p: Parameter) => p.name), ['container', 'follow', 'insecureSkipTLSVerifyBackend', 'limitBytes', 'name', 'namespace', 'pretty', 'previous', 'sinceSeconds', 'stream', 'tailLines', 'timestamps'], "pods/log's query, sorted as kube lists it");
  t.same(Object.keys(((log.get as Operation).responses as Record<string, { content: object }>)['200']!.content), ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml', 'text/plain'], 'a text answer');
});

t.test('patch metadata matches kube for the fields kubectl diffs', async (t) => {
  type Want = Partial<Pick<Schema, 'x-kubernetes-patch-merge-key' | 'x-kubernetes-patch-strategy' | 'x-kubernetes-list-type' | 'x-kubernetes-list-map-keys' | 'x-kubernetes-map-type'>>;
  const cases: Array<{ name: string; def: string; field: string; want: Want }> = [
    // SMP merges ports by port alone; SSA keys them by port+protocol
    { name: 'service ports', def: 'io.k8s.api.core.v1.ServiceSpec', field: 'ports', want: { 'x-kubernetes-patch-merge-key': 'port', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] } },
    { name: 'clusterIPs replaced whole', def: 'io.k8s.api.core.v1.ServiceSpec', field: 'clusterIPs', want: { 'x-kubernetes-list-type': 'atomic' } },
    { name: 'selector map replaced whole', def: 'io.k8s.api.core.v1.ServiceSpec', field: 'selector', want: { 'x-kubernetes-map-type': 'atomic' } },
    { name: 'endpoint slice endpoints', def: 'io.k8s.api.discovery.v1.EndpointSlice', field: 'endpoints', want: { 'x-kubernetes-list-type': 'atomic' } },
    { name: 'endpoints subsets', def: 'io.k8s.api.core.v1.Endpoints', field: 'subsets', want: { 'x-kubernetes-list-type': 'atomic' } },
    { name: 'containers by name', def: 'io.k8s.api.core.v1.PodSpec', field: 'containers', want: { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-map-keys': ['name'] } },
    { name: 'volumes retain keys', def: 'io.k8s.api.core.v1.PodSpec', field: 'volumes', want: { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' } },
    { name: 'container ports by containerPort', def: 'io.k8s.api.core.v1.Container', field: 'ports', want: { 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] } },
    { name: 'env by name', def: 'io.k8s.api.core.v1.Container', field: 'env', want: { 'x-kubernetes-patch-merge-key': 'name' } },
    { name: 'finalizers merge as a set', def: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', field: 'finalizers', want: { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' } },
    { name: 'owner references by uid', def: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', field: 'ownerReferences', want: { 'x-kubernetes-patch-merge-key': 'uid', 'x-kubernetes-list-map-keys': ['uid'] } },
  ];
  for (const c of cases) {
    const f = definitions[c.def]?.properties?.[c.field];
    t.ok(f, `${c.def}.${c.field} exists`);
    t.match(f, c.want, c.name);
  }
  t.equal(refName(definitions['io.k8s.api.core.v1.ServicePort']!.properties!.targetPort!), 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'targetPort is int-or-string');
  t.equal(resolve(definitions['io.k8s.api.core.v1.ServicePort']!.properties!.targetPort!, definitions).format, 'int-or-string');
});

t.test('index: every served group-version with a hash of its exact document', async (t) => {
  const index = openapiV3Index();
  t.same(Object.keys(index.paths).sort(), groupVersions().map((g) => groupVersionPath(g.group, g.version)).sort());
  for (const gv of groupVersions()) {
    const served = openapiV3Served(gv.group, gv.version)!;
    const hash = createHash('sha512').update(served.json).digest('hex').toUpperCase();
    t.equal(index.paths[groupVersionPath(gv.group, gv.version)]?.serverRelativeURL, `/openapi/v3/${groupVersionPath(gv.group, gv.version)}?hash=${hash}`);
    t.same(JSON.parse(served.json), openapiV3Document(gv.group, gv.version), 'served JSON is the document');
  }
  t.same(openapiV3Index(), index, 'stable across calls');
});

t.test('unserved group-versions have no document', async (t) => {
  const cases = [
    { name: 'unknown group', group: 'batch', version: 'v1' },
    // edge: a served group at a version it does not serve
    { name: 'unserved version', group: 'apps', version: 'v1beta1' },
  ];
  for (const c of cases) t.equal(openapiV3Document(c.group, c.version), undefined, c.name);
});
