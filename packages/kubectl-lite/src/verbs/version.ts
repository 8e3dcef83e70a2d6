/**
 * `kubectl version` (`--client`, `-o json|yaml`): kubectl-lite's own version and the server's
 * `/version`, in kubectl's layout.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/version/version.go
 */
import { CliError } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'client', type: 'bool' },
  commonFlags.output,
];

export const clientVersion = { major: '0', minor: '1', gitVersion: 'v0.1.0-kubectl-lite', platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}` };

export async function run(s: Session): Promise<number> {
  const output = s.flags.string('output');
  if (output !== undefined && output !== 'json' && output !== 'yaml') throw new CliError(`--output must be 'yaml' or 'json'`);
  let server: Record<string, string> | undefined;
  let failure: unknown;
  if (!s.flags.bool('client')) {
    try {
      server = await (await s.conn()).client.request<Record<string, string>>({ method: 'GET', path: '/version' });
    } catch (e: unknown) {
      failure = e;
    }
  }
  if (output) {
    const doc = { clientVersion, ...(server ? { serverVersion: server } : {}) };
    const { goJsonIndent } = await import('../output/printObjects.js');
    s.io.out(output === 'json' ? goJsonIndent(doc) + '\n' : (await import('../output/goYaml.js')).goYaml(doc));
  } else {
    s.io.out(`Client Version: ${clientVersion.gitVersion}\n${server ? `Server Version: ${server.gitVersion}\n` : ''}`);
  }
  if (failure) throw failure;
  return 0;
}
