import t from 'tap';
import type { ManagedFieldsEntry } from '../types.js';
import { fieldElement as f } from './fieldPath.js';
import { FieldSet } from './fieldSet.js';
import {
  ManagedFieldsError, capUpdateManagers, decodeManagedFields, encodeManagedFields, isResetRequest, managerIdentifier, type Managed, type ManagedSet,
} from './managedFields.js';
import { managerFromUserAgent, validateFieldManager } from './managerName.js';
import { printManager } from './conflicts.js';

const entry = (o: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry => ({
  manager: 'm', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } }, ...o,
});
const managedOf = (...sets: ManagedSet[]): Managed => new Map(sets.map((s) => [managerIdentifier(s), s]));
const msSet = (manager: string, time: string, field = manager, operation: 'Apply' | 'Update' = 'Update'): ManagedSet =>
  ({ manager, operation, apiVersion: 'v1', time, set: FieldSet.of([f('data'), f(field)]) });

t.test('manager identities', async (t) => {
  t.equal(managerIdentifier({ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1' }), '{"manager":"kubectl","operation":"Apply"}', 'appliers keep one identity across versions');
  t.equal(managerIdentifier({ manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1' }), '{"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1"}');
  t.equal(managerIdentifier({ manager: 'c', operation: 'Update', apiVersion: 'v1', subresource: 'status' }), '{"manager":"c","operation":"Update","apiVersion":"v1","subresource":"status"}');
});

t.test('decode rejects invalid entries with kube\'s words', async (t) => {
  const cases = [
    { name: 'operation', e: entry({ operation: 'Patch' }), msg: 'operation must be `Apply` or `Update`' },
    { name: 'apiVersion', e: entry({ apiVersion: '' }), msg: 'apiVersion must not be empty' },
    { name: 'missing fieldsType', e: entry({ fieldsType: undefined }), msg: 'missing fieldsType in managed fields entry 0' },
    { name: 'bad fieldsType', e: entry({ fieldsType: 'FieldsV2' }), msg: 'invalid fieldsType "FieldsV2" in managed fields entry 0' },
    { name: 'bad set', e: entry({ fieldsV1: { 'x:y': {} } }), msg: 'error decoding versioned set from entry 0: unknown path element type' },
  ];
  for (const c of cases) {
    let err: unknown;
    try {
      decodeManagedFields([c.e]);
    } catch (e) {
      err = e;
    }
    t.ok(err instanceof ManagedFieldsError, c.name);
    t.equal((err as Error).message, c.msg, c.name);
  }
});

t.test('encode sorts Apply first, then by time, manager, apiVersion; drops empty sets', async (t) => {
  const managed = managedOf(
    msSet('zed', '2026-01-01T00:00:02Z'),
    msSet('amy', '2026-01-01T00:00:02Z'),
    msSet('old', '2026-01-01T00:00:01Z'),
    msSet('applier', '2026-01-01T00:00:09Z', 'x', 'Apply'),
    { manager: 'empty', operation: 'Update', apiVersion: 'v1', set: new FieldSet() },
  );
  const out = encodeManagedFields(managed);
  t.same(out.map((e) => e.manager), ['applier', 'old', 'amy', 'zed']);
  t.same(Object.keys(out[0]!), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1'], 'field order of the wire form');
  t.same(decodeManagedFields(out).get(managerIdentifier(out[1] as ManagedSet))?.set.paths().length, 1, 'round trip');
});

t.test('reset requests', async (t) => {
  t.ok(isResetRequest([]));
  t.ok(isResetRequest([{}]));
  t.notOk(isResetRequest(undefined));
  t.notOk(isResetRequest([entry()]));
});

t.test('more than 10 update managers: the oldest fold into ancient-changes', async (t) => {
  const sets = Array.from({ length: 12 }, (_, i) => msSet(`m${String(i).padStart(2, '0')}`, `2026-01-01T00:00:${String(10 + i)}Z`));
  const capped = capUpdateManagers(managedOf(...sets, msSet('applier', '2026-01-01T00:00:00Z', 'z', 'Apply')));
  const names = [...capped.values()].map((m) => m.manager).sort();
  t.same(names, ['ancient-changes', 'applier', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10', 'm11']);
  const bucket = [...capped.values()].find((m) => m.manager === 'ancient-changes')!;
  t.same(bucket.set.paths().length, 3, 'the three oldest fields merged');
  t.equal(bucket.time, '2026-01-01T00:00:12Z', 'with the newest merged time');
  t.equal(capUpdateManagers(managedOf(...sets.slice(0, 10))).size, 10, 'at the cap nothing changes');
});

t.test('printManager', async (t) => {
  t.equal(printManager({ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1' }), '"kubectl"');
  t.equal(printManager({ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1' }), '"kubectl-client-side-apply" using v1');
  t.equal(printManager({ manager: 'c', operation: 'Update', apiVersion: 'apps/v1', subresource: 'status' }), '"c" with subresource "status" using apps/v1');
});

t.test('default manager from the User-Agent', async (t) => {
  const cases = [
    { ua: 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd', want: 'kubectl' },
    { ua: 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/x/system:serviceaccount:kube-system:endpointslice-controller', want: 'kube-controller-manager' },
    { ua: 'curl/8.5.0', want: 'curl' },
    // edge: no User-Agent at all gives an empty manager
    { ua: undefined, want: '' },
    // edge: unprintable characters are dropped, the rest is cut at 128 bytes
    { ua: `a\u0000b${'x'.repeat(200)}`, want: `ab${'x'.repeat(126)}` },
  ];
  for (const c of cases) t.equal(managerFromUserAgent(c.ua), c.want, String(c.ua).slice(0, 30));
});

t.test('fieldManager validation', async (t) => {
  t.same(validateFieldManager('kubectl'), []);
  t.same(validateFieldManager('x'.repeat(129)).map(String), ['fieldManager: Too long: may not be more than 128 bytes']);
  t.same(validateFieldManager('a\tb').map(String), ['fieldManager: Invalid value: "a\\tb": invalid characters at position 1']);
});
