/**
 * The `default` ServiceAccount of every Active namespace that lacks one, created in-process
 * before `up` prints its ready line, so pods are admitted from the first request (kube's
 * ServiceAccount admission refuses a pod whose account does not exist yet).
 *
 * The serviceaccount controller does the same once it runs (and for every namespace made later);
 * creating the first ones here lets the controllers start after the ready line instead of before
 * it. The objects are the ones the controller would write (a bare `metadata.name`).
 * Upstream: pkg/controller/serviceaccount/serviceaccounts_controller.go (syncNamespace).
 */
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import type { RunningServer } from '@miniplane/apiserver';

const namespaces = findResourceByKind('v1', 'Namespace')!;
const serviceAccounts = findResourceByKind('v1', 'ServiceAccount')!;

/** The namespaces (names) whose `default` ServiceAccount is missing. */
export function planDefaultServiceAccounts(nsList: readonly KubeObject[], hasDefault: (namespace: string) => boolean): string[] {
  return nsList
    .filter((ns) => (ns.status as { phase?: string } | undefined)?.phase === 'Active')
    .map((ns) => ns.metadata.name!)
    .filter((name) => !hasDefault(name));
}

export function createDefaultServiceAccounts(server: Pick<RunningServer, 'registry'>): void {
  const r = server.registry;
  const missing = planDefaultServiceAccounts(r.list(namespaces, undefined, {}).items, (ns) => r.list(serviceAccounts, ns, { filter: (sa) => sa.metadata.name === 'default' }).items.length > 0);
  for (const ns of missing) r.create(serviceAccounts, ns, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
}
