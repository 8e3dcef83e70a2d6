import t from 'tap';
import { BadRequest } from './errors.js';
import { escapeFieldValue, oneTermEqualSelector, parseFieldSelector } from './fieldSelector.js';
import { newBuiltinScheme, resolveResource } from './kinds/index.js';
import type { ResourceInfo } from './resources.js';

const info = (name: string): ResourceInfo => resolveResource(name)!;
const scheme = newBuiltinScheme();
/** The selector as the apiserver builds it: with the zero texts the scheme derives from the kind's schema. */
const served = (given: string, resource: string) => parseFieldSelector(given, info(resource), scheme.fieldZeroValues(info(resource)));

function pod(over: { name?: string; nodeName?: string; phase?: string; hostNetwork?: boolean; podIPs?: string[]; podIP?: string } = {}) {
  const status: Record<string, unknown> = { phase: over.phase ?? 'Running' };
  if (over.podIPs) status.podIPs = over.podIPs.map((ip) => ({ ip }));
  if (over.podIP) status.podIP = over.podIP;
  const spec: Record<string, unknown> = { restartPolicy: 'Always' };
  if (over.nodeName !== undefined) spec.nodeName = over.nodeName;
  if (over.hostNetwork !== undefined) spec.hostNetwork = over.hostNetwork;
  return { metadata: { name: over.name ?? 'p1', namespace: 'default' }, spec, status };
}

t.test('parse and print', async (t) => {
  const cases: Array<{ name: string; given: string; want: string }> = [
    { name: 'empty', given: '', want: '' },
    { name: 'terms sorted as strings', given: 'spec.nodeName=n1,metadata.name=a', want: 'metadata.name=a,spec.nodeName=n1' },
    { name: 'double equals prints as single', given: 'metadata.name==a', want: 'metadata.name=a' },
    { name: 'not equals', given: 'status.phase!=Running', want: 'status.phase!=Running' },
    // edge: escaped comma and equals stay in the value and print escaped again
    { name: 'escaped value', given: 'metadata.name=a\\,b\\=c\\\\d', want: 'metadata.name=a\\,b\\=c\\\\d' },
    // edge: empty terms are skipped
    { name: 'empty terms', given: ',metadata.name=a,,', want: 'metadata.name=a' },
    { name: 'empty value', given: 'spec.nodeName=', want: 'spec.nodeName=' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.equal(parseFieldSelector(c.given, info('pods')).toString(), c.want));
  }
});

t.test('errors', async (t) => {
  const cases: Array<{ name: string; given: string; resource: string; want: string }> = [
    { name: 'no operator', given: 'metadata.name', resource: 'pods', want: "invalid selector: 'metadata.name'; can't understand 'metadata.name'" },
    // edge: Go prints the unescaped rune with %v, i.e. as a number ('=' is 61)
    { name: 'unescaped equals in value', given: 'metadata.name=a=b', resource: 'pods', want: 'invalid field selector: unescaped character in value: 61' },
    { name: 'unknown escape', given: 'metadata.name=a\\b', resource: 'pods', want: 'invalid field selector: invalid escape sequence: \\b' },
    { name: 'trailing backslash', given: 'metadata.name=a\\', resource: 'pods', want: 'invalid field selector: invalid escape sequence: \\' },
    { name: 'pod unsupported field', given: 'foo=bar', resource: 'pods', want: 'field label not supported: foo' },
    { name: 'service unsupported field', given: 'spec.ports=1', resource: 'services', want: 'field label not supported: spec.ports' },
    // edge: core's Node/Namespace conversions do not list metadata.namespace
    { name: 'node has no namespace field', given: 'metadata.namespace=x', resource: 'nodes', want: 'field label not supported: metadata.namespace' },
    {
      name: 'default conversion wording',
      given: 'data.x=1',
      resource: 'configmaps',
      want: '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    // edge: syntax errors win over unsupported fields, whatever the order
    { name: 'syntax before support', given: 'foo=bar,zzz', resource: 'pods', want: "invalid selector: 'foo=bar,zzz'; can't understand 'zzz'" },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.throws(() => parseFieldSelector(c.given, info(c.resource)), new BadRequest(c.want));
      t.throws(() => parseFieldSelector(c.given, info(c.resource)), BadRequest);
    });
  }
});

t.test('matching pods', async (t) => {
  const cases: Array<{ name: string; given: string; obj: unknown; want: boolean }> = [
    { name: 'by name', given: 'metadata.name=p1', obj: pod(), want: true },
    { name: 'by namespace', given: 'metadata.namespace!=default', obj: pod(), want: false },
    // edge: a missing nodeName reads as "" so this selects unscheduled pods
    { name: 'unscheduled', given: 'spec.nodeName=', obj: pod(), want: true },
    { name: 'scheduled excluded', given: 'spec.nodeName=', obj: pod({ nodeName: 'n1' }), want: false },
    { name: 'legacy spec.host', given: 'spec.host=n1', obj: pod({ nodeName: 'n1' }), want: true },
    { name: 'hostNetwork true', given: 'spec.hostNetwork=true', obj: pod({ hostNetwork: true }), want: true },
    // edge: an unset bool reads as "false", not ""
    { name: 'hostNetwork defaults false', given: 'spec.hostNetwork=false', obj: pod(), want: true },
    { name: 'podIP is podIPs[0]', given: 'status.podIP=10.0.0.2', obj: pod({ podIPs: ['10.0.0.2', 'fd00::2'] }), want: true },
    { name: 'podIPs matches any', given: 'status.podIPs=fd00::2', obj: pod({ podIPs: ['10.0.0.2', 'fd00::2'] }), want: true },
    { name: 'podIPs not equal', given: 'status.podIPs!=fd00::2', obj: pod({ podIPs: ['10.0.0.2', 'fd00::2'] }), want: false },
    { name: 'bare podIP honoured', given: 'status.podIP=10.0.0.9', obj: pod({ podIP: '10.0.0.9' }), want: true },
    { name: 'ANDed', given: 'status.phase=Running,metadata.name=p2', obj: pod(), want: false },
    { name: 'escaped value matches literal', given: 'metadata.name=a\\,b', obj: pod({ name: 'a,b' }), want: true },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.equal(served(c.given, 'pods').matches(c.obj), c.want));
  }
});

t.test('matching other kinds', async (t) => {
  const cases: Array<{ name: string; resource: string; given: string; obj: unknown; want: boolean }> = [
    { name: 'node unschedulable default', resource: 'nodes', given: 'spec.unschedulable=false', obj: { metadata: { name: 'n' } }, want: true },
    { name: 'service type', resource: 'services', given: 'spec.type=ClusterIP', obj: { metadata: { name: 's' }, spec: { type: 'ClusterIP' } }, want: true },
    { name: 'replicaset count', resource: 'replicasets', given: 'status.replicas=0', obj: { metadata: { name: 'r' } }, want: true },
    { name: 'event source component', resource: 'events', given: 'source=kubelet', obj: { metadata: {}, source: { component: 'kubelet' } }, want: true },
    { name: 'event source falls back', resource: 'events', given: 'source=ctrl', obj: { metadata: {}, reportingComponent: 'ctrl' }, want: true },
    { name: 'event involved object', resource: 'events', given: 'involvedObject.kind=Pod', obj: { metadata: {}, involvedObject: { kind: 'Pod' } }, want: true },
    { name: 'cluster-scoped default kind namespace reads empty', resource: 'ipaddresses', given: 'metadata.namespace=', obj: { metadata: { name: 'x' } }, want: true },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.equal(served(c.given, c.resource).matches(c.obj), c.want));
  }
});

t.test('zero texts come from the schema: boolean "false", integer "0", string ""', async (t) => {
  const cases: Array<{ resource: string; want: Array<[string, string]> }> = [
    { resource: 'pods', want: [['spec.hostNetwork', 'false']] },
    { resource: 'nodes', want: [['spec.unschedulable', 'false']] },
    { resource: 'replicasets', want: [['status.replicas', '0']] },
    { resource: 'services', want: [] },
  ];
  for (const c of cases) t.same([...scheme.fieldZeroValues(info(c.resource))], c.want, c.resource);
  // Without the zero texts a missing boolean reads as "" (the field is absent, not false).
  t.equal(parseFieldSelector('spec.hostNetwork=false', info('pods')).matches(pod()), false);
});

t.test('helpers', async (t) => {
  const s = parseFieldSelector('metadata.name=a,spec.nodeName!=b', info('pods'));
  t.equal(s.requiresExactMatch('metadata.name'), 'a');
  t.equal(s.requiresExactMatch('spec.nodeName'), undefined, 'a != term pins nothing');
  t.ok(parseFieldSelector('').empty());
  t.equal(escapeFieldValue('a\\b,c=d'), 'a\\\\b\\,c\\=d');
  t.equal(oneTermEqualSelector('metadata.name', 'x=y').toString(), 'metadata.name=x\\=y');
  t.ok(Object.isFrozen(s.requirements));
  t.equal(parseFieldSelector('anything=1').toString(), 'anything=1', 'no ResourceInfo: no field check');
});
