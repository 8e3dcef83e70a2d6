import t from 'tap';
import { bearerProtocol, bearerProtocolPrefix, isBearerProtocol } from './websocketProtocol.js';

const b = (token: string) => `${bearerProtocolPrefix}${Buffer.from(token).toString('base64url')}`;

const cases: Array<{ name: string; header: string | string[] | undefined; want: ReturnType<typeof bearerProtocol> }> = [
  { name: 'no header', header: undefined, want: {} },
  { name: 'other protocols only', header: 'v4.channel.k8s.io, watch.miniplane.dev', want: {} },
  { name: 'token and another protocol', header: `${b('s3cret')}, watch.miniplane.dev`, want: { token: 's3cret', rest: ['watch.miniplane.dev'] } },
  // RFC 6455 11.3.4: the header may be repeated; it is one list.
  { name: 'repeated headers are one list', header: ['watch.miniplane.dev', b('tok')], want: { token: 'tok', rest: ['watch.miniplane.dev'] } },
  // kube needs a protocol to echo that is not the token.
  { name: 'token alone', header: b('tok'), want: { error: 'missing additional subprotocol' } },
  { name: 'two tokens', header: `${b('a')}, ${b('b')}, x`, want: { error: 'multiple base64.bearer.authorization tokens specified' } },
  // Padding and the standard alphabet are not base64url-without-padding.
  { name: 'padded encoding', header: `${bearerProtocolPrefix}YQ==, x`, want: { error: 'invalid base64.bearer.authorization token encoding' } },
  { name: 'standard alphabet', header: `${bearerProtocolPrefix}a+b/, x`, want: { error: 'invalid base64.bearer.authorization token encoding' } },
  // One leftover base64 character can encode no byte.
  { name: 'impossible length', header: `${bearerProtocolPrefix}abcde, x`, want: { error: 'invalid base64.bearer.authorization token encoding' } },
  { name: 'not UTF-8', header: `${bearerProtocolPrefix}${Buffer.from([0xff, 0xfe]).toString('base64url')}, x`, want: { error: 'invalid base64.bearer.authorization token' } },
  // An empty token is no token (kube: len(token) == 0 means not this authenticator).
  { name: 'empty token', header: `${bearerProtocolPrefix}, x`, want: {} },
];
for (const c of cases) t.test(c.name, async (t) => t.same(bearerProtocol(c.header), c.want));

t.test('isBearerProtocol', async (t) => {
  t.ok(isBearerProtocol(b('x')));
  t.notOk(isBearerProtocol('watch.miniplane.dev'));
});
