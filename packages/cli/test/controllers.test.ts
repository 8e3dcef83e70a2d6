import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

// Running the controllers (in `up` and alone) is tested in packages/controllers/test.
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'miniplane.js');
const run = promisify(execFile);
type Failed = { code: number; stdout: string; stderr: string };

t.test('miniplane controllers: usage and command-line errors', async (t) => {
  const help = await run(process.execPath, [bin, 'controllers', '--help']);
  t.match(help.stdout, /^Usage: miniplane controllers /);
  const bad = await run(process.execPath, [bin, 'controllers', '--bogus']).catch((e: Failed) => e);
  t.match(bad, { code: 2, stderr: /unknown flag: --bogus/ });
  const missing = await run(process.execPath, [bin, 'controllers', '--kubeconfig', '/nonexistent/kubeconfig']).catch((e: Failed) => e);
  t.match(missing, { code: 1, stderr: /nonexistent/ }, 'an unreadable kubeconfig fails at once');
  // The pool is checked before the kubeconfig is read: a bad entry of the list fails at once, named.
  const badPool = await run(process.execPath, [bin, 'controllers', '--load-balancer-ip-range', '198.51.100.0/24,2001:db8::/129']).catch((e: Failed) => e);
  t.match(badPool, { code: 1, stderr: 'error: invalid --load-balancer-ip-range "2001:db8::/129": not a valid CIDR' });
  const badName = await run(process.execPath, [bin, 'controllers', '--controllers', '*,-nope']).catch((e: Failed) => e);
  t.match(badName, { code: 1, stderr: 'error: "nope" is not in the list of known controllers' }, 'unknown controller names fail at once, in kube words');
});

t.test('miniplane up --help names the controllers flags', async (t) => {
  const help = await run(process.execPath, [bin, 'up', '--help']);
  t.match(help.stdout, '--load-balancer-ip-range RANGE[,RANGE...]');
  t.match(help.stdout, /--no-controllers/);
  t.match(help.stdout, '--controllers LIST');
});

t.test('miniplane nodes and scheduler: usage and command-line errors', async (t) => {
  for (const cmd of ['nodes', 'scheduler']) {
    const help = await run(process.execPath, [bin, cmd, '--help']);
    t.match(help.stdout, new RegExp(`^Usage: miniplane ${cmd} `));
    const bad = await run(process.execPath, [bin, cmd, '--bogus']).catch((e: Failed) => e);
    t.match(bad, { code: 2, stderr: /unknown flag: --bogus/ }, cmd);
  }
  const badRange = await run(process.execPath, [bin, 'nodes', '--node-ip-range', 'nope']).catch((e: Failed) => e);
  t.match(badRange, { code: 1, stderr: 'error: invalid --node-ip-range "nope": want an IPv4 CIDR' });
});
