import t from 'tap';
import { BadRequest } from '../errors.js';
import { decodeKubeProtobuf } from './index.js';
import { decodeMessage } from './messageDecoder.js';
import { SchemaRegistry } from './schema.js';
import { concat, envelope, objectMeta, pb, quantity, timestamp, varintBytes } from '../testing/protobufEncoder.js';

const meta = pb.message(1, objectMeta({ name: 'demo' }));
const configMap = (...rest: Uint8Array[]) => decodeKubeProtobuf(envelope('v1', 'ConfigMap', concat(meta, ...rest))).object;
const pod = (...spec: Uint8Array[]) => (decodeKubeProtobuf(envelope('v1', 'Pod', concat(meta, pb.message(2, ...spec)))).object.spec ?? {}) as Record<string, unknown>;

t.test('wire-level edge cases decode as protobuf specifies', async (t) => {
  const cases = [
    {
      // Fields the tables do not list, of every wire type, at the top level and nested.
      name: 'unknown fields are skipped',
      given: () => configMap(pb.varint(99, 7), pb.fixed64(98), pb.fixed32(97), pb.group(96, pb.string(1, 'x')), pb.message(2, pb.string(1, 'k'), pb.string(2, 'v'), pb.varint(3, 1))),
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo' }, data: { k: 'v' } },
    },
    {
      name: 'map entries may omit their key or value (each is then its zero)',
      given: () => configMap(pb.message(2, pb.string(2, 'no key')), pb.message(2, pb.string(1, 'no-value'))),
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo' }, data: { '': 'no key', 'no-value': '' } },
    },
    {
      name: 'a later map entry for the same key wins',
      given: () => configMap(pb.map(2, { k: 'first' }), pb.map(2, { k: 'second' })),
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo' }, data: { k: 'second' } },
    },
    {
      // 1, 2 and 3 bytes: the three base64 padding shapes.
      name: 'binaryData is base64 with padding',
      given: () => configMap(pb.map(3, { one: Uint8Array.of(0xff), two: Uint8Array.of(0xff, 0xfe), three: Uint8Array.of(0xff, 0xfe, 0xfd), empty: new Uint8Array(0) })),
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo' }, binaryData: { one: '/w==', two: '//4=', three: '//79', empty: '' } },
    },
    {
      name: 'immutable: false is kept (a *bool in Go)',
      given: () => configMap(pb.varint(4, false)),
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo' }, immutable: false },
    },
    {
      name: 'a singular message sent twice merges',
      given: () => configMap(pb.message(1, pb.string(3, 'ns1')), pb.message(1, pb.map(11, { a: 'b' }))),
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', namespace: 'ns1', labels: { a: 'b' } } },
    },
    {
      // Go keeps the last value; a last value of "" is then omitted like any zero.
      name: 'a singular scalar sent twice keeps the last value, even a zero',
      given: () => configMap(pb.message(1, pb.string(3, 'ns1'), pb.string(3, ''), pb.string(5, 'a'), pb.string(5, 'b'))),
      want: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo', uid: 'b' } },
    },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(c.given(), c.want));
});

t.test('scalar shapes inside a PodSpec', async (t) => {
  const cases = [
    {
      name: 'repeated int64 unpacked, as Go writes proto2',
      given: () => pod(pb.message(14, pb.varint(4, 1000), pb.varint(4, 2000))),
      want: { securityContext: { supplementalGroups: [1000, 2000] } },
    },
    {
      name: 'repeated int64 packed, as other encoders may write it',
      given: () => pod(pb.message(14, pb.packed(4, [1000, 2 ** 40, -1]))),
      want: { securityContext: { supplementalGroups: [1000, 2 ** 40, -1] } },
    },
    {
      // Zero scalars of non-pointer omitempty fields vanish; pointer fields keep them.
      name: 'zeros: hostNetwork false dropped, automountServiceAccountToken false kept',
      given: () => pod(pb.varint(11, false), pb.varint(21, false), pb.string(8, ''), pb.varint(25, 0)),
      want: { automountServiceAccountToken: false, priority: 0 },
    },
    {
      name: 'negative int32 (ten-byte varint) and int64',
      given: () => pod(pb.varint(25, -5), pb.varint(5, -(2 ** 40))),
      want: { priority: -5, activeDeadlineSeconds: -(2 ** 40) },
    },
    {
      name: 'an empty nested message is {} (Go writes non-pointer structs that way)',
      given: () => pod(pb.message(14)),
      want: { securityContext: {} },
    },
    {
      name: 'map values of Quantity default to "0" when absent',
      given: () => pod(pb.message(32, pb.string(1, 'cpu')), pb.map(32, { memory: quantity('1Gi') })),
      want: { overhead: { cpu: '0', memory: '1Gi' } },
    },
    {
      name: 'inlined LocalObjectReference of an envFrom source',
      given: () => pod(pb.message(2, pb.string(1, 'c'), pb.message(19, pb.string(1, 'CFG_'), pb.message(2, pb.message(1, pb.string(1, 'settings')))))),
      want: { containers: [{ name: 'c', envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }] }] },
    },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(c.given(), c.want));
});

t.test('timestamps', async (t) => {
  const deletion = (bytes: Uint8Array) => (configMap(pb.message(1, pb.message(9, bytes))).metadata as Record<string, unknown>).deletionTimestamp;
  const cases = [
    // Go's zero time is written as an empty message and printed as null: the field is omitted.
    { name: 'empty Time is the zero time', given: new Uint8Array(0), want: undefined },
    { name: 'the epoch', given: timestamp(0, 1), want: '1970-01-01T00:00:00Z' },
    { name: 'before the epoch', given: timestamp(-86400), want: '1969-12-31T00:00:00Z' },
    { name: 'last second of year 9999', given: timestamp(253402300799), want: '9999-12-31T23:59:59Z' },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(deletion(c.given), c.want));

  t.test('a year past 9999 cannot be written as RFC3339', async (t) => {
    t.throws(() => deletion(timestamp(253402300800)), { name: 'BadRequest', message: 'timestamp 253402300800 is outside of years 0-9999' });
  });
});

t.test('malformed and unsupported bodies are BadRequest in kube words', async (t) => {
  const utf8 = new TextEncoder();
  const truncated = envelope('v1', 'ConfigMap', meta);
  const cases = [
    {
      name: 'a JSON body sent as protobuf',
      given: utf8.encode('{"kind":"ConfigMap"}'),
      want: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    },
    // Shorter than the 4-byte magic itself.
    { name: 'three bytes', given: Uint8Array.of(0x6b, 0x38, 0x73), want: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]' },
    { name: 'envelope cut short', given: truncated.subarray(0, truncated.length - 12), want: 'unexpected EOF' },
    {
      // The envelope is whole but the object inside claims more bytes than it has.
      name: 'object cut short inside a whole envelope',
      given: envelope('v1', 'ConfigMap', Uint8Array.of(0x0a, 0x10, 0x0a)),
      want: 'unexpected EOF',
    },
    { name: 'wrong wire type for a known field', given: envelope('v1', 'ConfigMap', concat(meta, pb.varint(2, 1))), want: 'proto: wrong wireType = 0 for field data of ConfigMap' },
    { name: 'wrong wire type inside the envelope', given: concat(Uint8Array.of(0x6b, 0x38, 0x73, 0x00), pb.varint(2, 1)), want: 'proto: wrong wireType = 0 for field 2 of Unknown' },
    {
      name: 'a kind the tables do not cover',
      given: envelope('v1', 'PersistentVolumeClaim', meta),
      want: 'no kind "PersistentVolumeClaim" is registered for version "v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
    },
    {
      // Right kind, group version that does not serve it.
      name: 'a known kind in the wrong group version',
      given: envelope('apps/v1', 'ConfigMap', meta),
      want: 'no kind "ConfigMap" is registered for version "apps/v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
    },
    { name: 'no kind in the envelope', given: envelope('v1', '', meta), want: `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'` },
    { name: 'a content encoding', given: envelope('v1', 'ConfigMap', meta, { contentEncoding: 'gzip' }), want: 'unsupported protobuf content encoding "gzip"' },
    {
      name: 'managedFields whose FieldsV1 is not JSON',
      given: envelope('v1', 'ConfigMap', pb.message(1, pb.message(17, pb.message(7, pb.string(1, '{not json'))))),
      want: 'proto: FieldsV1 does not hold a JSON document',
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.throws(() => decodeKubeProtobuf(c.given), new BadRequest(c.want));
      try {
        decodeKubeProtobuf(c.given);
      } catch (e) {
        t.type(e, BadRequest);
        t.equal((e as BadRequest).reason, 'BadRequest');
        t.equal((e as BadRequest).code, 400);
      }
    });
  }
});

t.test('nesting is bounded even for a self-referencing table', async (t) => {
  const schemas = new SchemaRegistry({ Node: { 1: 'child: Node', 2: 'value: int32' } });
  let bytes: Uint8Array = pb.varint(2, 1);
  for (let i = 0; i < 150; i++) bytes = pb.message(1, bytes);
  t.throws(() => decodeMessage(schemas, 'Node', bytes), { message: 'proto: message nesting exceeds 100 levels' });
  let shallow: Uint8Array = pb.varint(2, 1);
  for (let i = 0; i < 3; i++) shallow = pb.message(1, shallow);
  t.strictSame(decodeMessage(schemas, 'Node', shallow), { child: { child: { child: { value: 1 } } } });
});

t.test('the encoder writes negative varints in ten bytes', async (t) => {
  t.equal(varintBytes(-1).length, 10);
});
