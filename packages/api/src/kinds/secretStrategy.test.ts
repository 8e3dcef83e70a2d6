import t from 'tap';
import { defaultSecret, validateSecret, validateSecretUpdate, type Secret } from './secretStrategy.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (o: Partial<Secret> = {}): Secret => ({ metadata: { name: 's' }, ...o });
const fields = (errs: { field: string }[]) => errs.map((e) => e.field);

t.test('defaultSecret: stringData into data, Opaque type', async (t) => {
  const cases = [
    { name: 'empty', given: secret(), want: { metadata: { name: 's' }, type: 'Opaque' } },
    { name: 'stringData wins', given: secret({ data: { a: b64('1') }, stringData: { a: '2', b: '3' } }), want: { metadata: { name: 's' }, data: { a: b64('2'), b: b64('3') }, type: 'Opaque' } },
    // edge: an empty stringData map adds nothing, and is still dropped
    { name: 'empty stringData', given: secret({ stringData: {}, type: 'x' }), want: { metadata: { name: 's' }, type: 'x' } },
  ];
  for (const c of cases) {
    const frozen = Object.freeze(c.given);
    t.strictSame(defaultSecret(frozen), c.want, c.name);
  }
});

t.test('validateSecret', async (t) => {
  const cases = [
    { name: 'opaque, any keys', given: secret({ type: 'Opaque', data: { 'a.b_c-D': b64('x') } }), want: [] },
    // edge: 1 MiB exactly is allowed, one byte more is not
    { name: 'exactly 1 MiB', given: secret({ data: { a: Buffer.alloc(1024 * 1024).toString('base64') } }), want: [] },
    { name: 'over 1 MiB', given: secret({ data: { a: Buffer.alloc(1024 * 512 + 1).toString('base64'), b: Buffer.alloc(1024 * 512).toString('base64') } }), want: ['data'] },
    { name: 'keys sorted', given: secret({ data: { 'z z': '', 'a a': '' } }), want: ['data[a a]', 'data[z z]'] },
    { name: 'tls', given: secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': '' } }), want: ['data[tls.key]'] },
    { name: 'basic-auth with a username only', given: secret({ type: 'kubernetes.io/basic-auth', data: { username: '' } }), want: [] },
    { name: 'dockercfg JSON', given: secret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('{}') } }), want: [] },
  ];
  for (const c of cases) t.strictSame(fields(validateSecret(c.given)), c.want, c.name);
});

t.test('validateSecretUpdate', async (t) => {
  const frozen = secret({ type: 'Opaque', data: { a: b64('1') }, immutable: true });
  const cases = [
    { name: 'metadata only', next: { ...frozen, metadata: { name: 's', labels: { a: 'b' } } }, want: [] },
    { name: 'data changed', next: { ...frozen, data: { a: b64('2') } }, want: ['data'] },
    // edge: an unset immutable counts as false, which unfreezes
    { name: 'immutable dropped', next: { ...frozen, immutable: undefined }, want: ['immutable'] },
    { name: 'type changed', next: { ...frozen, type: 'Other' }, want: ['type'] },
  ];
  for (const c of cases) t.strictSame(fields(validateSecretUpdate(c.next, frozen)), c.want, c.name);
  t.strictSame(fields(validateSecretUpdate(secret({ type: 'Opaque', data: {} }), secret({ type: 'Opaque' }))), [], 'a mutable secret may change');
});
