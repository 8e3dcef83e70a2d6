/**
 * `miniplane up --grace-period S`: caps every pod's graceful-deletion period at S seconds (a
 * demo convenience: `kubectl delete pod` then waits S seconds at most, not 30). Installed as a
 * replacement of the Pod strategy, wrapping kube's CheckGracefulDelete.
 */
import { newBuiltinScheme } from '@miniplane/api/kinds/index';
import { strategyKey, type ServerOptions } from '@miniplane/apiserver';

const podKind = { group: '', version: 'v1', kind: 'Pod' };

export function capPodGracePeriod(seconds: number): NonNullable<ServerOptions['strategies']> {
  return (table) => {
    const key = strategyKey(podKind);
    const base = table.get(key) ?? newBuiltinScheme().strategy(podKind);
    table.set(key, { ...base, gracePeriodForDelete: (pod, requested) => Math.min(seconds, base.gracePeriodForDelete?.(pod, requested) ?? 0) });
  };
}
