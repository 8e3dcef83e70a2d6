/**
 * fast-check generators of hostile requests for the fuzz tests: methods x paths (served and
 * unserved resources, namespaced and cluster, subresources, odd segments) x queries (selectors,
 * paging, watch, timeouts, resourceVersion, fieldValidation, dryRun, delete options) x content
 * types x bodies (deep nesting, huge strings, invalid UTF-8, NUL bytes, out-of-range numbers,
 * duplicate keys, every patch kind, YAML tricks, protobuf garbage).
 * Every value is built without recursion on its depth (deep bodies are made by repetition).
 */
import fc from 'fast-check';
import type { RawRequest } from './rawHttp.js';

/** The served kinds (as README lists them) with a valid object of each, to mutate and to seed. */
export interface FuzzKind {
  prefix: string;
  plural: string;
  namespaced: boolean;
  subresources: string[];
  object: Record<string, unknown>;
}
const o = (apiVersion: string, kind: string, rest: Record<string, unknown> = {}) => ({ apiVersion, kind, metadata: { name: 'a' }, ...rest });
export const fuzzKinds: FuzzKind[] = [
  { prefix: '/api/v1', plural: 'configmaps', namespaced: true, subresources: [], object: o('v1', 'ConfigMap', { data: { k: 'v' } }) },
  { prefix: '/api/v1', plural: 'services', namespaced: true, subresources: ['status'], object: o('v1', 'Service', { spec: { selector: { app: 'a' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } }) },
  { prefix: '/api/v1', plural: 'pods', namespaced: true, subresources: ['status', 'binding'], object: o('v1', 'Pod', { spec: { containers: [{ name: 'c', image: 'nginx' }] } }) },
  { prefix: '/api/v1', plural: 'namespaces', namespaced: false, subresources: ['status', 'finalize'], object: o('v1', 'Namespace') },
  { prefix: '/api/v1', plural: 'nodes', namespaced: false, subresources: ['status'], object: o('v1', 'Node') },
  { prefix: '/api/v1', plural: 'endpoints', namespaced: true, subresources: [], object: o('v1', 'Endpoints', { subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }] }] }) },
  { prefix: '/api/v1', plural: 'events', namespaced: true, subresources: [], object: o('v1', 'Event', { involvedObject: { kind: 'Pod', name: 'a', namespace: 'default' }, reason: 'R', message: 'm' }) },
  { prefix: '/apis/apps/v1', plural: 'deployments', namespaced: true, subresources: ['status', 'scale'], object: o('apps/v1', 'Deployment', { spec: { replicas: 1, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }) },
  { prefix: '/apis/apps/v1', plural: 'replicasets', namespaced: true, subresources: ['status', 'scale'], object: o('apps/v1', 'ReplicaSet', { spec: { replicas: 1, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }) },
  { prefix: '/apis/discovery.k8s.io/v1', plural: 'endpointslices', namespaced: true, subresources: [], object: o('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4', endpoints: [{ addresses: ['10.1.2.3'] }], ports: [{ port: 80 }] }) },
  { prefix: '/apis/coordination.k8s.io/v1', plural: 'leases', namespaced: true, subresources: [], object: o('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'h', leaseDurationSeconds: 15 } }) },
  { prefix: '/apis/networking.k8s.io/v1', plural: 'servicecidrs', namespaced: false, subresources: ['status'], object: o('networking.k8s.io/v1', 'ServiceCIDR', { spec: { cidrs: ['10.200.0.0/24'] } }) },
  { prefix: '/apis/networking.k8s.io/v1', plural: 'ipaddresses', namespaced: false, subresources: [], object: o('networking.k8s.io/v1', 'IPAddress', { metadata: { name: '10.96.0.200' }, spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'a' } } }) },
];

/** Unserved prefixes and plurals, to be mixed in now and then. */
const unservedPrefix = fc.constantFrom('/apis/apps/v2', '/apis/example.com/v1', '/api/v2', '/apis/apps', '/apis//v1');
const unservedPlural = fc.constantFrom('secrets', 'statefulsets', 'ingresses', 'widgets', 'Services', 'services.', 'configmap', 'cm');

/** Path segments a client may type: ordinary names, kube-invalid names and odd encodings. */
const oddSegment = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?$/) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '', '.', '..', '%2e%2e', '%2F', '%00', '%zz', '%', '%E2%82', '%C3%28', 'A_B', 'UPPER', '-x', 'x-', 'a..b', '%20', '~', '$',
      'status', 'scale', 'watch', 'namespaces', 'proxy', 'finalize', 'binding', 'a'.repeat(254), 'b'.repeat(2000),
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent) },
);
const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('a', 'a', 'b', 'kubernetes', 'default', 'fuzz') }, { weight: 1, arbitrary: oddSegment });
const namespace = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('default', 'default', 'fuzz', 'kube-system', 'nope') }, { weight: 1, arbitrary: oddSegment });

/** A path to a served kind (mostly well formed) or, now and then, to something unserved or odd. */
function resourcePath(k: FuzzKind, method: string): fc.Arbitrary<string> {
  // Mostly the paths a client would use for the method (an object for PUT/PATCH/DELETE, the
  // collection for POST), the others now and then.
  const namedPct = method === 'POST' ? 15 : method === 'GET' || method === 'HEAD' ? 50 : 90;
  const subs = k.subresources.length ? fc.constantFrom(...k.subresources) : fc.constant('status');
  return fc
    .record({
      ns: fc.oneof({ weight: 12, arbitrary: namespace }, { weight: 1, arbitrary: fc.constant(null) }),
      named: fc.nat(99).map((n) => n < namedPct),
      name,
      sub: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: subs }, { weight: 1, arbitrary: oddSegment }),
      odd: fc.oneof({ weight: 20, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(unservedPrefix, unservedPlural) }, { weight: 1, arbitrary: fc.tuple(fc.constant(k.prefix), oddSegment) }),
      tail: fc.constantFrom('', '', '', '', '', '', '', '', '', '', '/', '//'),
    })
    .map(({ ns, named, name, sub, odd, tail }) => {
      const [prefix, plural] = odd ?? [k.prefix, k.plural];
      let p = prefix;
      if (ns !== null && k.namespaced) p += `/namespaces/${ns}`;
      p += `/${plural}`;
      if (named) p += `/${k.plural === 'namespaces' && ns !== null ? ns : name}${sub !== null ? `/${sub}` : ''}`;
      return p + tail;
    });
}

const otherPath = fc.constantFrom(
  '/', '/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/healthz', '/livez', '/readyz', '/version', '/metrics',
  '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1', '/x', '/api/', '//api/v1', '/api/v1/namespaces//services', '/apis//v1/x',
  '/api/v1/watch/namespaces/default/configmaps', '/apis/apps/v1/watch/deployments',
);

const hugeInt = fc.constantFrom('9223372036854775807', '9223372036854775808', '-9223372036854775809', '1e308', '1e400', '1.5', '-1', '0', '00', '0x10', '2147484', '2147483648', 'NaN', '');
const queryParam: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constantFrom('labelSelector', 'fieldSelector'), fc.oneof(
    fc.constantFrom('a=b', 'a in (x,y)', 'a notin ()', '!a', 'a!=b,c', 'metadata.name=x', 'spec.nodeName=', 'a in (', '==', '!!x', 'x='.repeat(500), 'metadata.namespace!=default', 'constructor=x', '__proto__'),
    fc.string({ maxLength: 40 }),
  )),
  fc.tuple(fc.constant('limit'), fc.oneof(hugeInt, fc.integer({ min: -5, max: 600 }).map(String))),
  fc.tuple(fc.constant('continue'), fc.oneof(
    fc.base64String({ maxLength: 60 }),
    fc.constantFrom('', 'x', 'e30', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MWUzMDgsInN0YXJ0IjoiYSJ9', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MS41LCJzdGFydCI6ImEifQ'),
    fc.record({ v: fc.constantFrom('meta.k8s.io/v1', 'x'), rv: fc.oneof(fc.integer(), fc.double(), fc.string()), start: fc.string({ maxLength: 10 }) }).map((o) => Buffer.from(JSON.stringify(o)).toString('base64')),
  )),
  fc.tuple(fc.constantFrom('watch', 'allowWatchBookmarks', 'sendInitialEvents', 'force', 'pretty', 'export'), fc.constantFrom('true', '1', 'false', '0', 'yes', '', 'TRUE')),
  fc.tuple(fc.constant('timeoutSeconds'), fc.oneof(hugeInt, fc.constantFrom('1', '2'))),
  fc.tuple(fc.constant('resourceVersion'), fc.oneof(hugeInt, fc.constantFrom('1', '2', '99999999'))),
  fc.tuple(fc.constant('resourceVersionMatch'), fc.constantFrom('NotOlderThan', 'Exact', 'exact', '')),
  fc.tuple(fc.constant('fieldValidation'), fc.constantFrom('Strict', 'Warn', 'Ignore', 'strict', '', 'Bogus')),
  fc.tuple(fc.constant('dryRun'), fc.constantFrom('All', 'all', 'None', '', 'Bogus')),
  fc.tuple(fc.constant('fieldManager'), fc.oneof(fc.constantFrom('kubectl', '', 'm'.repeat(200)), fc.string({ maxLength: 20 }))),
  fc.tuple(fc.constantFrom('propagationPolicy', 'gracePeriodSeconds', 'includeObject', 'orphanDependents'), fc.constantFrom('Foreground', 'Background', 'Orphan', 'Nope', '-1', '0', '30', 'Object', 'Metadata', 'None', 'true')),
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
);

export const query = fc.array(queryParam, { maxLength: 5 }).map((ps) => {
  if (!ps.length) return '';
  // Every fourth parameter goes unencoded (only what the HTTP request line cannot carry removed).
  const raw = (x: string) => x.replace(/[\x00-\x20\x7f-\uffff#]/g, '');
  return '?' + ps.map(([k, v], i) => (i % 4 === 3 ? `${raw(k)}=${raw(v)}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&');
});

export const contentType = fc.constantFrom(
  'application/json', 'application/json; charset=utf-8', 'application/yaml', 'application/apply-patch+yaml', 'application/merge-patch+json',
  'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/vnd.kubernetes.protobuf', 'text/plain', '*/*',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json;;;', 'garbage', '',
);

export const accept = fc.constantFrom(
  undefined, 'application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
  'application/vnd.kubernetes.protobuf', 'application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io', 'application/yaml', 'text/html', '*/*', ';;;',
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
);

const kinds = ['ConfigMap', 'Service', 'Pod', 'Namespace', 'Deployment', 'Lease', 'EndpointSlice', 'IPAddress', 'Secret', 'Bogus'];
const apiVersions = ['v1', 'apps/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'networking.k8s.io/v1', 'v2', ''];

/** A plausible object, some field of which is then spoiled. */
const objectish = fc
  .record({
    apiVersion: fc.constantFrom(...apiVersions),
    kind: fc.constantFrom(...kinds),
    name: fc.oneof(fc.constantFrom('a', 'fuzz-1', 'kubernetes', '', 'UPPER', 'x'.repeat(300)), fc.stringMatching(/^[a-z][-a-z0-9]{0,12}$/)),
    namespace: fc.option(fc.constantFrom('default', 'kube-system', 'other', ''), { freq: 3 }),
    labels: fc.option(fc.dictionary(fc.constantFrom('app', 'a/b', 'x'.repeat(70), '', 'k'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer() as fc.Arbitrary<unknown>)), { freq: 2 }),
    extra: fc.dictionary(fc.constantFrom('spec', 'status', 'data', 'binaryData', 'metadata', 'immutable', 'stringData', 'items', 'type'), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 3 }),
    resourceVersion: fc.option(fc.constantFrom('1', '0', 'abc', '99999999999999999999', ''), { freq: 3 }),
  })
  .map(({ apiVersion, kind, name, namespace, labels, extra, resourceVersion }) => ({
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace !== null ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(resourceVersion !== null ? { resourceVersion } : {}),
      ...(typeof extra.metadata === 'object' && extra.metadata && !Array.isArray(extra.metadata) ? extra.metadata : {}),
    },
    ...extra,
  }));

/** Bodies nested `depth` levels, built by repetition (never by recursion). */
const deep = fc
  .record({ depth: fc.constantFrom(64, 500, 1000, 5000, 20000), shape: fc.constantFrom('array', 'object', 'mixed', 'yaml-flow', 'yaml-block') })
  .map(({ depth, shape }) => {
    if (shape === 'array') return `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    if (shape === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    if (shape === 'mixed') return `{"metadata":{"name":"d","labels":${'[{"a":'.repeat(depth)}0${'}]'.repeat(depth)}}}`;
    if (shape === 'yaml-flow') return `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    return Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
  });

const numbers = fc
  .record({ n: fc.constantFrom('1e400', '-1e400', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '9007199254740993', '1.5', '-0', '0.1e-400', '123456789012345678901234567890', '1E2'), at: fc.nat(4) })
  .map(({ n, at }) => [
    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"n"},"spec":{"terminationGracePeriodSeconds":${n},"containers":[{"name":"c","image":"i"}]}}`,
    `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"n","generation":${n}},"spec":{"replicas":${n}}}`,
    `{"apiVersion":"v1","kind":"Service","metadata":{"name":"n"},"spec":{"ports":[{"port":${n}}]}}`,
    `{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"n"},"spec":{"leaseDurationSeconds":${n}}}`,
    `{"spec":{"replicas":${n}}}`,
  ][at]!);

const duplicateKeys = fc.constantFrom(
  '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup2"},"data":{"a":"1","a":"2"}}',
  '{"apiVersion":"v1","kind":"ConfigMap","kind":"Service","metadata":{"name":"dup"}}',
  '{"metadata":{"labels":{"a":"1"},"labels":{"b":"2"}}}',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n',
);

const patchOp = fc.record({
  op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', ''),
  path: fc.constantFrom('/metadata/labels/a', '/metadata/labels', '/spec', '/spec/ports/0', '/spec/ports/-', '/data/~1x', '/data/~2', '', '/', '/metadata/name', '/metadata/resourceVersion', '/a/b/c/d', '/status', '/metadata/managedFields'),
  from: fc.option(fc.constantFrom('/metadata', '/data', '/x'), { nil: undefined }),
  value: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
});

const smp = fc.constantFrom(
  { metadata: { labels: { a: 'b' } } },
  { metadata: { labels: { $patch: 'delete' } } },
  { metadata: { $patch: 'replace' } },
  { $patch: 'delete' },
  { spec: { ports: [{ port: 80, $patch: 'delete' }] } },
  { spec: { ports: [{ $patch: 'replace' }] } },
  { spec: { $setElementOrder: { ports: [{ port: 1 }] } } },
  { spec: { '$setElementOrder/ports': [{ port: 99 }, 'x', null] } },
  { spec: { $retainKeys: ['type', 'nope'] } },
  { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
  { metadata: { finalizers: [{ $patch: 'bogus' }] } },
  { spec: { containers: [{ name: 'c', $patch: 'merge' }] } },
  { data: null, metadata: null },
  [1, 2, 3],
);

const yamlTricks = fc.constantFrom(
  'a: &a [x]\nb: [*a, *a, *a]\nc: [*b, *b, *b]\nd: [*c, *c, *c]\ne: [*d, *d, *d]\nf: [*e, *e, *e]\ng: [*f, *f, *f]\nh: [*g, *g, *g]\ni: [*h, *h, *h]\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\ndata: !!binary aGVsbG8=\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n---\napiVersion: v1\nkind: Service\n',
  '!!js/function "function(){}"\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  <<: {namespace: other}\n',
  'a: !!python/object:os.system x\n',
  '? [a, b]\n: c\n',
  'metadata:\n  labels: {1: 2, true: false, null: ~}\n',
  '\t- bad indent\n',
  'x: 0o777\ny: 0x1F\nz: .inf\nw: .nan\nv: 1_000\n',
);

/** Field paths worth spoiling in a valid object. */
const fieldPaths = [
  'metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.labels.app', 'metadata.annotations', 'metadata.resourceVersion',
  'metadata.finalizers', 'metadata.ownerReferences', 'metadata.generateName', 'metadata.uid', 'metadata.deletionTimestamp',
  'metadata.managedFields', 'apiVersion', 'kind', 'spec', 'spec.replicas', 'spec.ports', 'spec.type', 'spec.clusterIP', 'spec.clusterIPs',
  'spec.selector', 'spec.ipFamilies', 'spec.cidrs', 'spec.parentRef', 'data', 'data.k', 'binaryData', 'status', 'status.phase', 'x',
];
const special = fc.constantFrom<unknown>(null, '', 0, -1, 1.5, 2 ** 53 + 2, true, [], {}, 'x'.repeat(300), '\u0000', ['a', 'a'], { $patch: 'delete' });

/** The valid object of a kind with up to three fields replaced (copied: the table is never mutated). */
function spoiled(k: FuzzKind): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .array(fc.tuple(fc.constantFrom(...fieldPaths), fc.oneof(special, fc.jsonValue({ maxDepth: 3 }))), { maxLength: 3 })
    .map((edits) => {
      const obj = JSON.parse(JSON.stringify(k.object)) as Record<string, unknown>;
      for (const [path, value] of edits) {
        const keys = path.split('.');
        let at: Record<string, unknown> = obj;
        for (const key of keys.slice(0, -1)) {
          if (typeof at[key] !== 'object' || at[key] === null || Array.isArray(at[key])) at[key] = {};
          at = at[key] as Record<string, unknown>;
        }
        at[keys[keys.length - 1]!] = structuredClone(value); // generated values may be shared instances
      }
      return obj;
    });
}

/** Bodies of the other kinds a request may carry: Scale, Binding, DeleteOptions (with odd values). */
const oddValue = fc.oneof(special, fc.constantFrom<unknown>(3, 0, -5, 2 ** 31, 'Foreground', 'Background', 'Orphan', 'Nope', ['All'], ['Bogus'], 'a'));
const sideBodies = fc.oneof(
  fc.record({ replicas: oddValue, name: fc.constantFrom('a', 'b') }).map(({ replicas, name }) => ({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name }, spec: { replicas } })),
  fc.record({ node: oddValue, name: fc.constantFrom('a', 'b') }).map(({ node, name }) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: node } })),
  fc
    .record({ propagationPolicy: oddValue, gracePeriodSeconds: oddValue, dryRun: oddValue, orphanDependents: oddValue, uid: oddValue, resourceVersion: oddValue })
    .chain((o) => fc.subarray(Object.keys(o)).map((keys) => Object.fromEntries(keys.map((k) => (k === 'uid' || k === 'resourceVersion' ? ['preconditions', { [k]: o[k as keyof typeof o] }] : [k, o[k as keyof typeof o]])))))
    .map((o) => ({ kind: 'DeleteOptions', apiVersion: 'v1', ...o })),
);

/** Bodies of every kind; `k` biases them towards the kind the path names. */
function body(k: FuzzKind): fc.Arbitrary<Buffer | string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: spoiled(k).map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: objectish.map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: sideBodies.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: deep },
    { weight: 1, arbitrary: fc.constantFrom(70 * 1024, 1100 * 1024, 3200 * 1024).map((n) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"k":"${'h'.repeat(n)}"}}`) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constantFrom('{"a":"\u0000"}', '{"metadata":{"name":"nul\\u0000"}}', '\u0000\u0000', '{"a":"\ud800"}', '{"a":"\\ud800"}') },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d])) },
    { weight: 2, arbitrary: numbers },
    { weight: 1, arbitrary: duplicateKeys },
    { weight: 3, arbitrary: fc.array(patchOp, { maxLength: 4 }).map((ops) => JSON.stringify(ops)) },
    { weight: 3, arbitrary: smp.map((p) => JSON.stringify(p)) },
    { weight: 1, arbitrary: yamlTricks },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from(b)])) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'null', '[]', '"x"', '0', 'true', '{}', '{', '}{') },
  );
}

const patchTypes = fc.constantFrom('application/apply-patch+yaml', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json');
const writeTypes = fc.constantFrom('application/json', 'application/json', 'application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf');

const method = fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'PUT', 'PATCH', 'PATCH', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');

/** Headers beside the media types: compression the server does not do, 100-continue, odd agents. */
const extraHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { expect: '100-continue' }, { 'content-encoding': 'gzip' }, { 'accept-encoding': 'gzip, deflate, br' }, { 'user-agent': 'u'.repeat(8000) },
      { 'x-remote-user': 'system:admin', 'impersonate-user': 'system:admin' }, { 'content-type': 'application/json', 'Content-Type': 'application/yaml' },
      { 'if-none-match': '*' }, { authorization: 'Bearer x' },
    ),
  },
);

/** One hostile request: method x path x query x content type x accept x body. */
export const hostileRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.tuple(fc.constantFrom(...fuzzKinds), method).chain(([k, method]) =>
      fc.record({ method: fc.constant(method), path: resourcePath(k, method), query, ct: fc.tuple(patchTypes, writeTypes, contentType, fc.nat(5)), accept, body: body(k), extra: extraHeaders }).map(({ method, path, query, ct, accept, body, extra }) => {
        const [patch, write, any, pick] = ct;
        const type = pick === 0 ? any : method === 'PATCH' ? patch : write;
        return { method, path: path + query, headers: { ...(type ? { 'content-type': type } : {}), ...(accept ? { accept } : {}), ...extra }, body };
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ method, path: otherPath, query, contentType, accept, body: body(fuzzKinds[0]!) }).map(({ method, path, query, contentType, accept, body }) => ({
      method,
      path: path + query,
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(accept ? { accept } : {}) },
      body,
    })),
  },
);
