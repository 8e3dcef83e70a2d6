/**
 * `kubectl run NAME --image=IMAGE [--port] [--labels] [--env] [--restart] [--command] [-- ARGS]`:
 * creates the Pod kubectl builds and prints `pod/NAME created` (`--dry-run`, `-o` as `create`).
 * Attaching (`-i`, `-t`, `--rm`) is not supported: there is no container to attach to.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/run/run.go, .../pkg/generate/versioned/run.go
 */
import { CliError, UsageError } from '../errors.js';
import { writeOutputFlags, type FlagSpec } from '../flags.js';
import { parseLabels, runPod } from '../generators.js';
import type { Session } from '../session.js';
import { createBuilt } from './create.js';

export const flags: readonly FlagSpec[] = [
  { name: 'image', type: 'string' },
  { name: 'port', type: 'int' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'env', type: 'array' },
  { name: 'restart', type: 'string' },
  { name: 'command', type: 'bool' },
  ...writeOutputFlags,
];

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const [name, ...rest] = args;
  if (!name) throw new UsageError('NAME is required for run', 'run');
  const image = f.string('image');
  if (!image) throw new CliError('required flag(s) "image" not set');
  const restart = f.string('restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new CliError(`invalid restart policy: ${restart}`);
  const pod = runPod({
    name, image, port: f.int('port'), labels: f.string('labels') ? parseLabels(f.string('labels')!, 'label') : undefined,
    env: f.strings('env'), restart, args: rest, command: f.bool('command'),
  });
  return createBuilt(s, pod, 'kubectl-run', 'created');
}
