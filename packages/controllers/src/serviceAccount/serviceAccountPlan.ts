/**
 * What kube's serviceaccount controller decides for one namespace: the service accounts every
 * namespace must hold (`default`) that the cache does not show. A namespace that is missing or
 * not Active (Terminating) gets nothing: content cannot be created there, and the namespace
 * controller is emptying it.
 * Contract: pure; inputs are not modified.
 * Upstream: pkg/controller/serviceaccount/serviceaccounts_controller.go (syncNamespace)
 */
import type { KubeObject } from '@miniplane/api';

/** kube-controller-manager's ServiceAccountsControllerOptions: the accounts ensured in every namespace. */
export const ensuredServiceAccounts: readonly string[] = ['default'];

export interface ServiceAccountPlan {
  /** Names of the service accounts to create in the namespace. */
  create: string[];
}

export function planServiceAccounts(
  namespace: KubeObject | undefined, existing: ReadonlySet<string>, ensured: readonly string[] = ensuredServiceAccounts,
): ServiceAccountPlan {
  if (!namespace || (namespace.status as { phase?: string } | undefined)?.phase !== 'Active') return { create: [] };
  return { create: ensured.filter((name) => !existing.has(name)) };
}
