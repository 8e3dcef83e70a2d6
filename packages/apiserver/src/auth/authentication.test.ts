import t from 'tap';
import { Unauthorized } from '@miniplane/api';
import { anonymousUser, bearerToken, TokenAuthenticator } from './authentication.js';

const alice = { name: 'alice', uid: '1', groups: ['dev'] };
const authn = new TokenAuthenticator(new Map([['secret', alice]]));

const cases: Array<{ name: string; header?: string; path: string; want: 'alice' | 'anonymous' | 401 }> = [
  { name: 'known token', header: 'Bearer secret', path: '/api/v1/pods', want: 'alice' },
  { name: 'scheme is case-insensitive', header: 'bearer secret', path: '/api', want: 'alice' },
  { name: 'unknown token', header: 'Bearer nope', path: '/api/v1/pods', want: 401 },
  { name: 'unknown token on a public path (fails before anonymous)', header: 'Bearer nope', path: '/healthz', want: 401 },
  { name: 'no header on a resource path', path: '/api/v1/namespaces', want: 401 },
  { name: 'no header on /metrics', path: '/metrics', want: 401 },
  { name: 'no header on /healthz', path: '/healthz', want: 'anonymous' },
  { name: 'no header on /readyz/ping', path: '/readyz/ping', want: 'anonymous' },
  { name: 'no header on /version', path: '/version', want: 'anonymous' },
  { name: 'no header on a look-alike path', path: '/healthzz', want: 401 },
  { name: 'Basic credentials are no token', header: 'Basic YTpi', path: '/livez', want: 'anonymous' },
  { name: 'empty Bearer is no token', header: 'Bearer ', path: '/api', want: 401 },
];
for (const c of cases) {
  t.test(c.name, async (t) => {
    const got = authn.authenticate(c.header, c.path);
    if (c.want === 401) {
      t.ok(got instanceof Unauthorized);
      t.same((got as Unauthorized).toStatus(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    } else t.same(got, c.want === 'alice' ? alice : anonymousUser);
  });
}

t.test('bearerToken', async (t) => {
  t.equal(bearerToken('  Bearer abc  '), 'abc');
  t.equal(bearerToken('Bearer'), undefined);
  t.equal(bearerToken(undefined), undefined);
});
