import t from 'tap';
import { capturedBodies } from './testCapturedBodies.js';
import { decodeKubeProtobuf } from './index.js';
import { fromHex } from '../testing/protobufEncoder.js';

/**
 * kubectl prints a zero metadata.creationTimestamp as null; on the wire it is an empty Time, which
 * the decoder omits (see wrappers.ts). Everything else must match kubectl's own JSON exactly.
 */
function withoutNullTimestamps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNullTimestamps);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!(k === 'creationTimestamp' && x === null)) out[k] = withoutNullTimestamps(x);
  return out;
}

for (const c of capturedBodies) {
  t.test(`kubectl ${c.command}`, async (t) => {
    const got = decodeKubeProtobuf(fromHex(c.hex));
    t.strictSame(got.object, withoutNullTimestamps(c.kubectlJson), 'decodes to the JSON kubectl meant');
    t.equal(got.apiVersion, c.kubectlJson.apiVersion);
    t.equal(got.kind, c.kubectlJson.kind);
  });
}

t.test('the captures cover every kind kubectl create sends as protobuf here', async (t) => {
  t.same([...new Set(capturedBodies.map((c) => c.kubectlJson.kind))].sort(), ['ConfigMap', 'Deployment', 'Namespace', 'Service']);
});

t.test('an explicit replicas: 0 survives (a pointer in Go, so zero is meaningful)', async (t) => {
  const idle = capturedBodies.find((c) => c.name === 'deployment scaled to zero')!;
  const spec = decodeKubeProtobuf(fromHex(idle.hex)).object.spec as { replicas?: number };
  t.equal(spec.replicas, 0);
});
