/**
 * A kind registered while the server runs (the path CustomResourceDefinitions will take): one
 * descriptor handed to the server's Scheme, then the real kubectl discovers it, applies it
 * (client-side and server-side), prints it with the kind's own columns and explains its schema.
 */
import { resourceRow, type KindDescriptor, type KubeObject } from '@miniplane/api';
import { translateTimestampSince } from '@miniplane/api/printers/age';
import { ageColumn, column, columns, nameColumn } from '@miniplane/api/printers/columns';
import { int32, kind, list, obj, ref, str } from '@miniplane/api/openapi/schema';
import { newBuiltinScheme } from '@miniplane/api';
import t from 'tap';
import { kubectl, startTestServer } from './harness.js';

const widget = (n: string) => `io.k8s.api.example.v1.${n}`;

/** A Widget: spec.size and spec.color, and spec.parts, a list-map keyed by name. */
const widgetKind: KindDescriptor = {
  resource: resourceRow({ group: 'example.miniplane.dev', version: 'v1', kind: 'Widget', plural: 'widgets', shortNames: ['wd'], categories: ['all'] }),
  schema: {
    definitions: {
      [widget('Widget')]: kind({ group: 'example.miniplane.dev', version: 'v1', kind: 'Widget' }, 'Widget is a test kind registered at run time.', {
        spec: ref(widget('WidgetSpec'), 'Spec is what the widget should be.', { default: {} }),
      }),
      [widget('WidgetSpec')]: obj('WidgetSpec describes a widget.', {
        color: str('Color of the widget.'),
        parts: list(widget('WidgetPart'), 'Parts of the widget, by name.', { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
        size: int32('Size of the widget in centimetres.'),
      }),
      [widget('WidgetPart')]: obj('WidgetPart is one part.', { count: int32('How many.'), name: str('Name of the part.', { default: '' }) }, { required: ['name'] }),
    },
  },
  printer: {
    columns: columns(nameColumn, column('Size', 'Size of the widget in centimetres.', { type: 'integer' }), ageColumn),
    print(o: KubeObject, now: Date) {
      const spec = (o.spec ?? {}) as { size?: number };
      return { cells: [o.metadata.name ?? '', spec.size ?? 0, translateTimestampSince(o.metadata.creationTimestamp, now)] };
    },
  },
};

const manifest = (size: number, parts: string) => `apiVersion: example.miniplane.dev/v1
kind: Widget
metadata:
  name: w1
spec:
  size: ${size}
  color: blue
  parts:
${parts}`;

t.test('a kind registered at run time works with the real kubectl', async (t) => {
  const scheme = newBuiltinScheme();
  const s = await startTestServer(t, { scheme });
  const k = (args: string[], input?: string) => kubectl(s, args, { input });

  const before = await k(['get', 'widgets']);
  t.not(before.code, 0, 'unknown before registration');
  t.equal((await s.req('GET', '/apis/example.miniplane.dev/v1/namespaces/default/widgets')).status, 404);

  scheme.register(widgetKind);

  const resources = await k(['api-resources', '--api-group=example.miniplane.dev']);
  t.equal(resources.code, 0, resources.stderr);
  t.match(resources.stdout, /widgets\s+wd\s+example\.miniplane\.dev\/v1\s+true\s+Widget/);

  const created = await k(['apply', '-f', '-'], manifest(3, '  - name: bolt\n    count: 4\n'));
  t.equal(created.code, 0, created.stderr);
  t.equal(created.stdout, 'widget.example.miniplane.dev/w1 created\n');

  // kubectl validates against the new kind's OpenAPI (fieldValidation=Strict): unknown fields are refused.
  const bogus = await k(['apply', '-f', '-'], manifest(3, '  - name: bolt\n    bogus: 1\n'));
  t.not(bogus.code, 0);
  t.match(bogus.stderr, /unknown field "spec\.parts\[0\]\.bogus"/);

  const updated = await k(['apply', '-f', '-'], manifest(5, '  - name: bolt\n    count: 4\n  - name: nut\n    count: 1\n'));
  t.equal(updated.code, 0, updated.stderr);
  t.equal(updated.stdout, 'widget.example.miniplane.dev/w1 configured\n');

  const got = await k(['get', 'wd']);
  t.equal(got.code, 0, got.stderr);
  t.match(got.stdout, /^NAME\s+SIZE\s+AGE\nw1\s+5\s+\d+s\n$/);

  // Server-side apply by two managers: their items merge into the list-map by name (the kind's
  // schema), each owning its own.
  const ssa = (manager: string, part: string) =>
    k(['apply', '--server-side', `--field-manager=${manager}`, '-f', '-'], `apiVersion: example.miniplane.dev/v1
kind: Widget
metadata:
  name: w2
spec:
  parts:
  - name: ${part}
    count: 1
`);
  const first = await ssa('a', 'bolt');
  t.equal(first.code, 0, first.stderr);
  const second = await ssa('b', 'washer');
  t.equal(second.code, 0, second.stderr);
  const stored = (await s.req('GET', '/apis/example.miniplane.dev/v1/namespaces/default/widgets/w2')).body;
  t.same(stored.spec.parts.map((p: { name: string }) => p.name), ['bolt', 'washer']);
  t.same(stored.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`), ['a/Apply', 'b/Apply']);

  const explain = await k(['explain', 'widgets.spec.size']);
  t.equal(explain.code, 0, explain.stderr);
  t.match(explain.stdout, /Size of the widget in centimetres\./);

  const all = await k(['get', 'all', '-o', 'name']);
  t.match(all.stdout, /widget\.example\.miniplane\.dev\/w1/);
});
