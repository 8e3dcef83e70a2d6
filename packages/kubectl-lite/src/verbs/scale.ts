/**
 * `kubectl scale TYPE NAME --replicas=N` (`TYPE/NAME`, `-f`-less): a merge patch of the
 * `scale` subresource, printing `kind/name scaled`; `--current-replicas` is a precondition.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go, .../pkg/scale/scale.go
 */
import { CliError, eachReported } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import { kindPrefix, objectPath } from '../discovery.js';
import { resolveTargets } from '../resourceArgs.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'replicas', type: 'int' },
  { name: 'current-replicas', type: 'int' },
  { name: 'timeout', type: 'string' },
];

export async function run(s: Session, args: string[]): Promise<number> {
  const replicas = s.flags.int('replicas');
  if (replicas === undefined || replicas < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const objects = (await resolveTargets(disc, args, 'scale')).flatMap((t) => t.names.map((name) => ({ t, name })));
  return eachReported(objects, s.io, conn.server, async ({ t, name }) => {
    const path = objectPath(t.resource, t.resource.namespaced ? conn.namespace : undefined, name) + '/scale';
    const current = s.flags.int('current-replicas');
    if (current !== undefined) {
      const scale = await conn.client.request<{ spec?: { replicas?: number } }>({ method: 'GET', path });
      if ((scale.spec?.replicas ?? 0) !== current) throw new CliError(`Expected replicas to be ${current}, was ${scale.spec?.replicas ?? 0}`);
    }
    await conn.client.request({ method: 'PATCH', path, body: { spec: { replicas } }, contentType: 'application/merge-patch+json' });
    s.io.out(`${kindPrefix(t.resource)}/${name} scaled\n`);
  });
}
