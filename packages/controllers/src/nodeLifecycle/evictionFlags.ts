/**
 * The node lifecycle controller's eviction flags, as startControllers takes them: kube's
 * `--node-eviction-rate`, `--secondary-node-eviction-rate`, `--large-cluster-size-threshold` and
 * `--unhealthy-zone-threshold`, checked (finite, not negative; the threshold a whole number) and
 * turned into the EvictionConfig overrides (unset ones keep kube's defaults). Pure.
 * Upstream: cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go
 */
import type { EvictionConfig } from './zoneDisruption.js';

export interface NodeEvictionFlags {
  nodeEvictionRate?: number;
  secondaryNodeEvictionRate?: number;
  largeClusterSizeThreshold?: number;
  unhealthyZoneThreshold?: number;
}

export function checkNodeEvictionFlags(o: NodeEvictionFlags): Partial<EvictionConfig> {
  const out: Partial<EvictionConfig> = {};
  const errors: string[] = [];
  const take = (flag: string, v: number | undefined, key: keyof EvictionConfig, whole = false) => {
    if (v === undefined) return;
    if (!Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v))) errors.push(`${flag} must be a ${whole ? 'whole number' : 'number'} not less than 0, but got ${v}`);
    else out[key] = v;
  };
  take('node-eviction-rate', o.nodeEvictionRate, 'evictionQPS');
  take('secondary-node-eviction-rate', o.secondaryNodeEvictionRate, 'secondaryEvictionQPS');
  take('large-cluster-size-threshold', o.largeClusterSizeThreshold, 'largeClusterThreshold', true);
  take('unhealthy-zone-threshold', o.unhealthyZoneThreshold, 'unhealthyZoneThreshold');
  if (errors.length) throw new Error(errors.join('\n'));
  return out;
}
