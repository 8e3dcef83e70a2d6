/**
 * The strategies the apiserver installs over its scheme's: behaviour that needs server state
 * (the ClusterIP and NodePort allocators behind Services, ServiceCIDRs and IPAddresses), or a
 * test's replacement. A kind without an entry here uses its descriptor's strategy.
 *
 * Contract: keyed by `strategyKey` (group/version/kind); an entry replaces the descriptor's
 * strategy whole (wrap it with `scheme.strategy(info)` to extend it).
 * Upstream: pkg/registry/core/service/storage/storage.go (allocation beside the strategy)
 */
import { gvkKey } from '@miniplane/api';
import type { Strategy } from '@miniplane/api/scheme/strategy';

export type StrategyTable = Map<string, Strategy>;

/** The key strategies are registered under: `group/version/Kind` (`/v1/Service` for core). */
export const strategyKey: (info: { group: string; version: string; kind: string }) => string = gvkKey;
