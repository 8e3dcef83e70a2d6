import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { defaultService } from '../service/defaults.js';
import type { Service } from '../service/types.js';
import type { KubeObject } from '../types.js';
import { ApplyConflict } from './conflicts.js';
import { applyConfiguration, recordUpdate, type ManagerScope } from './fieldManager.js';
import { lastAppliedAnnotation } from './lastApplied.js';

const t0 = new Date('2026-01-02T03:04:05.678Z');
const t1 = new Date('2026-01-02T04:00:00Z');
const scope = (o: Partial<ManagerScope> = {}): ManagerScope => ({ kind: 'ConfigMap', apiVersion: 'v1', now: t0, ...o });
const svcScope = (o: Partial<ManagerScope> = {}) => scope({ kind: 'Service', defaults: (s) => defaultService(s as Service) as KubeObject, ...o });

const cm = (data: Record<string, string>, meta: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', ...meta }, data });

/** What the registry does after the field manager: a uid for created objects. */
const stored = (o: KubeObject): KubeObject => deepFreeze({ ...o, metadata: { ...o.metadata, uid: 'u1' } });
const fieldsOf = (o: KubeObject, manager: string) => o.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1;
const managers = (o: KubeObject) => (o.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}`);

t.test('server-side apply creates, then owns exactly what it applies', async (t) => {
  const created = stored(applyConfiguration({ metadata: { name: 'c', namespace: 'default' } }, cm({ a: '1', b: '2' }), 'alice', false, scope()));
  t.same(created.data, { a: '1', b: '2' });
  t.same(created.metadata.managedFields, [
    { manager: 'alice', operation: 'Apply', apiVersion: 'v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } },
  ]);

  const dropped = applyConfiguration(created, cm({ a: '1' }), 'alice', false, scope({ now: t1 }));
  t.same(dropped.data, { a: '1' }, 'a field applied before and not now is removed');
  t.same(fieldsOf(dropped, 'alice'), { 'f:data': { 'f:a': {} } });
  t.equal(dropped.metadata.managedFields![0]!.time, '2026-01-02T04:00:00Z');

  const same = applyConfiguration(created, cm({ a: '1', b: '2' }), 'alice', false, scope({ now: t1 }));
  t.equal(same.metadata.managedFields![0]!.time, '2026-01-02T03:04:05Z', 'a no-op apply keeps the time');
});

t.test('a field another manager also applies is kept when one stops applying it', async (t) => {
  const a = stored(applyConfiguration({ metadata: { name: 'c', namespace: 'default' } }, cm({ x: '1', y: '1' }), 'alice', false, scope()));
  const b = stored(applyConfiguration(a, cm({ x: '1' }), 'bob', false, scope()));
  // edge: bob's apply changed nothing, so his new entry has no time and sorts first (as 0 s)
  t.same(managers(b), ['bob/Apply', 'alice/Apply'], 'same value: shared ownership, no conflict');
  t.equal(b.metadata.managedFields![0]!.time, undefined);
  const c = applyConfiguration(b, cm({ y: '1' }), 'alice', false, scope());
  t.same(c.data, { x: '1', y: '1' }, 'bob still owns x');
});

t.test('conflicts', async (t) => {
  const base = stored(applyConfiguration({ metadata: { name: 'c', namespace: 'default' } }, cm({ a: '1', b: '1' }), 'alice', false, scope()));
  const withBob = stored(recordUpdate(base, cm({ a: '1', b: '1', c: '1' }, { uid: 'u1', managedFields: base.metadata.managedFields }), 'bob', scope()));
  const cases: Array<{ name: string; config: KubeObject; msg: string; fields: string[] }> = [
    {
      name: 'one conflict',
      config: cm({ a: '2' }),
      msg: 'Apply failed with 1 conflict: conflict with "alice": .data.a',
      fields: ['.data.a'],
    },
    {
      name: 'conflicts with two managers, grouped and sorted by manager',
      config: cm({ c: '2', b: '2', a: '2' }),
      msg: 'Apply failed with 3 conflicts: conflicts with "alice":\n- .data.a\n- .data.b\nconflicts with "bob" using v1:\n- .data.c',
      fields: ['.data.a', '.data.b', '.data.c'],
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const err = t.throws(() => applyConfiguration(withBob, c.config, 'carol', false, scope())) as unknown as ApplyConflict;
      t.type(err, ApplyConflict);
      t.equal(err.code, 409);
      t.equal(err.message, c.msg);
      t.same(err.toStatus().details?.causes?.map((x) => x.field), c.fields);
      t.equal(err.toStatus().details?.causes?.[0]?.reason, 'FieldManagerConflict');
    });
  }
  t.test('force takes the fields over', async (t) => {
    const forced = applyConfiguration(withBob, cm({ a: '2' }), 'carol', true, scope());
    t.same(forced.data, { a: '2', b: '1', c: '1' });
    t.same(fieldsOf(forced, 'alice'), { 'f:data': { 'f:b': {} } });
    t.same(fieldsOf(forced, 'carol'), { 'f:data': { 'f:a': {} } });
  });
});

t.test('Update operations (create, edit, patch) record what they changed', async (t) => {
  const body = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', annotations: { [lastAppliedAnnotation]: '{}' } }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
  const created = recordUpdate(undefined, deepFreeze(body), 'kubectl-client-side-apply', svcScope());
  // The entry kube-apiserver writes for the same `kubectl apply` (defaults included, no "." on spec).
  t.same(fieldsOf(created, 'kubectl-client-side-apply'), {
    'f:metadata': { 'f:annotations': { '.': {}, [`f:${lastAppliedAnnotation}`]: {} } },
    'f:spec': {
      'f:internalTrafficPolicy': {},
      'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} } },
      'f:selector': {},
      'f:sessionAffinity': {},
      'f:type': {},
    },
  });
  const live = stored({ ...(defaultService(created as Service) as KubeObject), status: { loadBalancer: {} } });
  const edited = recordUpdate(live, { ...live, metadata: { ...live.metadata, labels: { a: 'b' } }, status: { x: 1 } }, 'kubectl-edit', svcScope({ now: t1 }));
  t.same(managers(edited), ['kubectl-client-side-apply/Update', 'kubectl-edit/Update']);
  t.same(fieldsOf(edited, 'kubectl-edit'), { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } }, 'status on the main resource is not recorded');

  const status = recordUpdate(live, { ...live, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }, 'lb', svcScope({ subresource: 'status' }));
  t.same(status.metadata.managedFields?.find((e) => e.manager === 'lb'), {
    manager: 'lb', operation: 'Update', apiVersion: 'v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } }, subresource: 'status',
  });
});

t.test('a scale write owns .spec.replicas through the scale subresource', async (t) => {
  const dscope = (o: Partial<ManagerScope> = {}) => scope({ kind: 'Deployment', apiVersion: 'apps/v1', ...o });
  const config = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 2, paused: false } };
  const live = stored(applyConfiguration({ metadata: { name: 'd', namespace: 'default' } }, config, 'kubectl', false, dscope()));
  const scaled = stored(recordUpdate(live, { ...live, spec: { replicas: 5, paused: false } }, 'hpa', dscope({ subresource: 'scale' })));
  t.same(scaled.metadata.managedFields?.find((e) => e.manager === 'hpa'), {
    manager: 'hpa', operation: 'Update', apiVersion: 'apps/v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale',
  });
  t.same(fieldsOf(scaled, 'kubectl'), { 'f:spec': { 'f:paused': {} } }, 'the applier lost .spec.replicas');
  t.throws(() => applyConfiguration(scaled, config, 'kubectl', false, dscope()), {
    message: 'Apply failed with 1 conflict: conflict with "hpa" with subresource "scale" using apps/v1: .spec.replicas',
  });
});

t.test('managedFields sent by the client', async (t) => {
  const live = stored(recordUpdate(undefined, cm({ a: '1' }), 'creator', scope()));
  const cases = [
    { name: 'absent: the live ones are kept', sent: undefined, want: ['creator/Update', 'editor/Update'] },
    // edge: [] resets them, and an object without managedFields is not tracked any more
    { name: 'empty list resets', sent: [], want: [] },
    { name: 'a single empty entry resets', sent: [{}], want: [] },
    { name: 'undecodable: the live ones are kept', sent: [{ manager: 'x', operation: 'Bogus' }], want: ['creator/Update', 'editor/Update'] },
  ];
  for (const c of cases) {
    const next = { ...live, data: { a: '2' }, metadata: { ...live.metadata, managedFields: c.sent } };
    t.same(managers(recordUpdate(live, next as KubeObject, 'editor', scope())), c.want, c.name);
  }
});

t.test('client-side apply upgrading to server-side apply as kubectl', async (t) => {
  const lastApplied = JSON.stringify(cm({ a: '1' }));
  const live = stored(recordUpdate(undefined, cm({ a: '1' }, { annotations: { [lastAppliedAnnotation]: lastApplied } }), 'kubectl-client-side-apply', scope()));
  const r = applyConfiguration(live, cm({ a: '2' }), 'kubectl', false, scope());
  t.same(r.data, { a: '2' }, 'fields still as last applied are not conflicts');
  t.equal(r.metadata.annotations?.[lastAppliedAnnotation], '{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}\n', 'the annotation follows');
  t.throws(() => applyConfiguration(live, cm({ a: '2' }), 'someone-else', false, scope()), ApplyConflict, 'only for the manager kubectl');

  const drifted = stored({ ...live, data: { a: '5' }, metadata: live.metadata });
  t.throws(() => applyConfiguration(drifted, cm({ a: '2' }), 'kubectl', false, scope()), ApplyConflict, 'a field changed since is a conflict');
});

t.test('bad configurations', async (t) => {
  const live = { metadata: { name: 'c', namespace: 'default' } };
  t.throws(() => applyConfiguration(live, { ...cm({}), kind: 'Secret' }, 'm', false, scope()), { code: 400, message: 'invalid object type: /v1, Kind=Secret' });
  t.throws(() => applyConfiguration(live, { ...cm({}), apiVersion: 'apps/v1' }, 'm', false, scope()), { code: 400, message: 'invalid object type: apps/v1, Kind=ConfigMap' });
  t.throws(() => applyConfiguration(live, cm({}, { managedFields: [] }), 'm', false, scope()), { code: 400, message: 'metadata.managedFields must be nil' });
  t.throws(() => applyConfiguration(live, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'c' }, spec: { ports: [{ name: 'x' }] } }, 'm', false, svcScope()), {
    code: 500,
    message: 'failed to create typed patch object (/c; /v1, Kind=Service): .spec.ports: element 0: associative list with keys has an element that omits key field "port" (and doesn\'t have default value)',
  });
});

t.test('fields the schema does not declare are refused as SMD refuses them, with SMD paths', async (t) => {
  const live = { metadata: { name: 'c', namespace: 'default' } };
  const svc = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'c', namespace: 'default' }) => ({ apiVersion: 'v1', kind: 'Service', metadata, spec });
  const prefix = 'failed to create typed patch object (default/c; /v1, Kind=Service): ';
  const cases = [
    { name: 'a spec field', config: svc({ bogusField: 1 }), want: '.spec.bogusField: field not declared in schema' },
    // edge: a list-map item is named by its keys, not its index
    { name: 'inside a list-map item', config: svc({ ports: [{ port: 80, protocol: 'UDP', nodeport: 1 }] }), want: '.spec.ports[port=80,protocol="UDP"].nodeport: field not declared in schema' },
    // edge: the key default (protocol TCP) names the item when it omits the key
    { name: 'key default names the item', config: svc({ ports: [{ port: 80, nodeport: 1 }] }), want: '.spec.ports[port=80,protocol="TCP"].nodeport: field not declared in schema' },
    { name: 'in metadata', config: svc({}, { name: 'c', namespace: 'default', labelz: {} }), want: '.metadata.labelz: field not declared in schema' },
    // edge: SMD stops at the first undeclared field of an object; other objects are still checked
    { name: 'one per object, several objects', config: svc({ a: 1, b: 2, ports: [{ port: 1, c: 3 }] }), want: 'errors:\n  .spec.a: field not declared in schema\n  .spec.ports[port=1,protocol="TCP"].c: field not declared in schema' },
  ];
  for (const c of cases) {
    t.throws(() => applyConfiguration(live, deepFreeze(c.config), 'm', false, svcScope()), { code: 500, message: prefix + c.want }, c.name);
  }
  t.throws(() => applyConfiguration(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, bogus: 1 }, 'm', true, scope()), { code: 500, message: 'failed to create typed patch object (/c; /v1, Kind=ConfigMap): .bogus: field not declared in schema' }, 'force does not help; no namespace prints as empty');
});

t.test('status is ignored by main-resource applies', async (t) => {
  const live = stored({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type: 'ClusterIP' }, status: { loadBalancer: {} } });
  const r = applyConfiguration(live, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort' }, status: { loadBalancer: { ingress: [{ ip: '1.1.1.1' }] } } }, 'm', false, svcScope());
  t.same(r.status, { loadBalancer: {} });
  t.same(fieldsOf(r, 'm'), { 'f:spec': { 'f:type': {} } });
});
