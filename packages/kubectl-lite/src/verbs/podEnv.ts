/**
 * `kubectl-lite pod-env POD [-c CONTAINER]`: the service environment variables the kubelet
 * injects into the pod's container (default: the first), `NAME=value` per line sorted by name,
 * computed by @miniplane/api's serviceEnvVars from the pod and the cluster's Services.
 *
 * Contract: read-only; a missing pod is kubectl's NotFound error; a missing container is
 * kubectl's `container X is not valid for pod Y` error.
 * Upstream: pkg/kubelet/envvars/envvars.go, pkg/kubelet/kubelet_pods.go (getServiceEnvVarMap)
 */
import { serviceEnvForPod } from '@miniplane/api/serviceEnv/serviceEnvVars';
import type { Service } from '@miniplane/api/service/types';
import { CliError, UsageError } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import { listObjects } from '../fetch.js';
import type { Session } from '../session.js';
import { bareName } from '../resourceArgs.js';

/** The fields of a Pod this verb reads. */
interface Pod {
  metadata: { namespace?: string };
  spec?: { enableServiceLinks?: boolean; containers?: Array<{ name: string; env?: Array<{ name: string }> }> };
}

export const flags: readonly FlagSpec[] = [{ name: 'container', short: 'c', type: 'string' }];

export async function run(s: Session, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('exactly one pod name is required', 'pod-env');
  const name = bareName(args[0]!, 'pod');
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const pod = await conn.client.request<Pod>({
    method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(conn.namespace)}/pods/${encodeURIComponent(name)}`,
  });
  const containers = pod.spec?.containers ?? [];
  const wanted = s.flags.string('container');
  const container = wanted === undefined ? containers[0] : containers.find((c) => c.name === wanted);
  if (container === undefined) throw new CliError(`container ${wanted ?? ''} is not valid for pod ${name}`);
  const services = (await listObjects(conn.client, (await disc.resolve('services'))!, {})).items as unknown as Service[];
  const vars = serviceEnvForPod({
    namespace: pod.metadata.namespace ?? conn.namespace,
    enableServiceLinks: pod.spec?.enableServiceLinks,
    containerEnvNames: (container.env ?? []).map((e) => e.name),
    services,
  });
  s.io.out(vars.map((v) => `${v.name}=${v.value}\n`).join(''));
  return 0;
}
