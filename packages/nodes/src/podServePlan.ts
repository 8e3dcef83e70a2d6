/**
 * What a pod serves in `--dataplane` mode: the sockets the simulated container would open. Pure.
 *
 * Contract
 * - A pod serves once its phase is Running with a podIP; a hostNetwork pod, a Succeeded or
 *   Failed one, or one with no IP serves nothing. Readiness does not matter (a real container
 *   answers while its readiness probe fails; readiness only takes it out of the endpoints), nor
 *   does a deletionTimestamp (a terminating container serves until it is gone).
 * - One socket per declared container port (init containers excluded), on the pod's first IP:
 *   TCP (the default protocol) gets an HTTP server, UDP an echo; SCTP nothing. A port declared
 *   twice (same number and protocol) is served once. No port declared: nothing.
 * - `key` identifies the set, so a caller reopens only when it changes (a new IP).
 * Upstream: pkg/kubelet (containers start their processes); the echo is miniplane's
 */
import type { Pod } from '@miniplane/api/pod/types';

export interface ServedPort {
  ip: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** The container declaring it (the first one, when declared twice): whose log tells of it. */
  container: string;
}

export interface PodServePlan {
  ports: ServedPort[];
  key: string;
}

interface DeclaredPort {
  containerPort?: number;
  protocol?: string;
}

export function planPodServe(pod: Pod): PodServePlan {
  const ip = pod.status?.podIP;
  if (!ip || pod.status?.phase !== 'Running' || pod.spec.hostNetwork === true) return { ports: [], key: '' };
  const seen = new Set<string>();
  const ports: ServedPort[] = [];
  for (const c of pod.spec.containers ?? []) {
    for (const p of (c.ports as DeclaredPort[] | undefined) ?? []) {
      const protocol = p.protocol ?? 'TCP';
      const port = p.containerPort;
      if ((protocol !== 'TCP' && protocol !== 'UDP') || !Number.isInteger(port) || port! < 1 || port! > 65535) continue;
      const id = `${protocol}/${port}`;
      if (seen.has(id)) continue;
      seen.add(id);
      ports.push({ ip, port: port!, protocol, container: c.name });
    }
  }
  return { ports, key: ports.map((p) => `${p.ip}:${p.port}/${p.protocol}`).join(',') };
}
