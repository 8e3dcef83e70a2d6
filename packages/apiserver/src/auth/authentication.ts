/**
 * Bearer-token authentication in front of every request, as kube-apiserver's authentication
 * filter with a static token file and anonymous access limited to the health and version paths
 * (structured authentication's `anonymous.conditions`, KEP-4633; the paths kube's
 * `system:public-info-viewer` role opens to `system:unauthenticated`).
 *
 * Contract (`authenticate`, pure):
 * - `Authorization: Bearer <token>` (scheme case-insensitive) with a known token: the user.
 * - A Bearer header with an unknown token: `Unauthorized`, on every path (kube's union
 *   authenticator fails on that error before trying anonymous).
 * - No usable Bearer header: anonymous, allowed only on /healthz, /livez, /readyz, /version (and
 *   their sub-paths, e.g. /readyz/ping); anything else is `Unauthorized`.
 * Answers are kube's 401 Status: `{"kind":"Status",...,"message":"Unauthorized","reason":"Unauthorized","code":401}`.
 * Upstream: staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go,
 * pkg/authentication/request/union (NewFailOnError), plugin/pkg/auth/authorizer/rbac/bootstrappolicy (public-info-viewer)
 */
import { Unauthorized } from '@miniplane/api';
import type { UserInfo } from './tokenFile.js';

export const anonymousUser: UserInfo = { name: 'system:anonymous', uid: '', groups: ['system:unauthenticated'] };

const publicPaths = ['/healthz', '/livez', '/readyz', '/version'];

function isPublicPath(path: string): boolean {
  return publicPaths.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The token of an `Authorization` header, if it is a non-empty Bearer one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const parts = header.trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  const token = parts[1]!;
  return token === '' ? undefined : token;
}

export class TokenAuthenticator {
  private readonly byToken: Map<string, UserInfo>;

  constructor(tokens: ReadonlyMap<string, UserInfo>) {
    this.byToken = new Map(tokens);
  }

  /** The user of a request, or the `Unauthorized` error to answer with. */
  authenticate(authorization: string | undefined, path: string): UserInfo | Unauthorized {
    const token = bearerToken(authorization);
    if (token === undefined) return isPublicPath(path) ? anonymousUser : new Unauthorized();
    return this.byToken.get(token) ?? new Unauthorized();
  }
}
