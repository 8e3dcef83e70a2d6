import t from 'tap';
import { columnDefinitionsFor, printTable } from './table.js';
import { NOW, object, service } from './testFixtures.js';

t.test('table envelope', async (t) => {
  const table = printTable('Service', [service()], { now: NOW, listMeta: { resourceVersion: '42', continue: '' } });
  t.equal(table.kind, 'Table');
  t.equal(table.apiVersion, 'meta.k8s.io/v1');
  t.same(table.metadata, { resourceVersion: '42' }, 'empty continue is omitted like omitempty');
  t.equal(table.rows.length, 1);
  for (const c of table.columnDefinitions) {
    t.same(Object.keys(c).sort(), ['description', 'format', 'name', 'priority', 'type'], `${c.name} has every wire field`);
  }
});

t.test('includeObject', async (t) => {
  const svc = service();
  const cases = [
    {
      name: 'default is Metadata',
      mode: undefined,
      want: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: svc.metadata },
    },
    { name: 'Metadata', mode: 'Metadata' as const, want: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: svc.metadata } },
    { name: 'Object', mode: 'Object' as const, want: svc },
    { name: 'None', mode: 'None' as const, want: undefined },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const row = printTable('Service', [svc], { now: NOW, includeObject: c.mode }).rows[0];
      t.same(row.object, c.want);
      if (c.want === undefined) t.notOk('object' in row, 'no object key at all');
    });
  }
  t.test('Object fills in kind and apiVersion', async (t) => {
    const bare = object('EndpointSlice', 'web-x', { addressType: 'IPv4' });
    const row = printTable('EndpointSlice', [bare], { now: NOW, includeObject: 'Object' }).rows[0];
    t.match(row.object, { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', addressType: 'IPv4' });
  });
});

t.test('noHeaders omits column definitions', async (t) => {
  const table = printTable('Service', [service()], { now: NOW, noHeaders: true });
  t.same(table.columnDefinitions, []);
  t.equal(table.rows[0].cells.length, 7, 'cells still include wide columns');
});

t.test('unknown kinds get the default table', async (t) => {
  const table = printTable('Widget', [object('Widget', 'w1', {}, 90)], { now: NOW });
  t.same(
    table.columnDefinitions.map((c) => [c.name, c.type, c.format]),
    [['Name', 'string', 'name'], ['Created At', 'date', '']],
  );
  t.same(table.rows[0].cells, ['w1', '2025-06-01T11:58:30Z']);
  t.equal(columnDefinitionsFor('Widget'), columnDefinitionsFor('Gadget'));
  // Edge: inherited Object properties are not kinds.
  t.equal(columnDefinitionsFor('toString'), columnDefinitionsFor('Widget'));
});

t.test('rows keep input order, inputs stay untouched', async (t) => {
  // Builders deep-freeze, so any mutation inside the printers throws here.
  const objs = [service({ name: 'b' }), service({ name: 'a' })];
  const table = printTable('Service', objs, { now: NOW, includeObject: 'Object' });
  t.same(table.rows.map((r) => r.cells[0]), ['b', 'a']);
  table.columnDefinitions[0].name = 'changed';
  t.equal(columnDefinitionsFor('Service')[0].name, 'Name', 'returned columns are copies');
});
