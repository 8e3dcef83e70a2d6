/**
 * IP-family defaulting for Services, which depends on the cluster's configuration: which
 * families `--service-cluster-ip-range` configures, and which one is the default (the first).
 *
 * Contract: `initIPFamilyFields` returns a new Service with ipFamilyPolicy and ipFamilies set
 * (ExternalName Services are returned untouched), or throws Invalid with kube's messages:
 * - ipFamilyPolicy unset → the old policy on update; RequireDualStack for a headless Service
 *   without selector; otherwise SingleStack.
 * - ipFamilies are inferred from clusterIPs, then the cluster default is used; a dual-stack
 *   policy on a dual-stack cluster gets the other family appended.
 * - A family the cluster does not configure, RequireDualStack on a single-stack cluster, and a
 *   SingleStack policy with two IPs or families are refused.
 * Pure: never edits its inputs.
 * Upstream: pkg/registry/core/service/storage/alloc.go (initIPFamilyFields,
 * isMatchingPreferDualStackClusterIPFields)
 */
import { Invalid } from '../errors.js';
import { field, type FieldError } from '../fieldError.js';
import { deepClone } from '../patch/jsonValue.js';
import { ClusterIPNone, familyOfIP, sameStrings, type IPFamily, type Service } from './types.js';

export const serviceKind = { group: '', kind: 'Service' };

export interface ClusterFamilies {
  /** Configured families, the default (primary range's) first: ['IPv4'] or ['IPv6', 'IPv4']. */
  families: readonly IPFamily[];
}

function other(f: string): IPFamily {
  return f === 'IPv4' ? 'IPv6' : 'IPv4';
}

/**
 * A PreferDualStack Service whose IP fields did not change is left alone, so it is neither
 * upgraded nor downgraded when the cluster's dual-stackness changes.
 */
export function isMatchingPreferDualStack(svc: Service, old: Service | undefined): boolean {
  if (!old) return false;
  const s = svc.spec ?? {};
  const o = old.spec ?? {};
  if (s.ipFamilyPolicy === undefined || o.type !== s.type) return false;
  if (s.type !== 'ClusterIP' && s.type !== 'NodePort' && s.type !== 'LoadBalancer') return false;
  if (s.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (o.ipFamilyPolicy !== undefined && o.ipFamilyPolicy !== 'PreferDualStack') return false;
  return sameStrings(o.clusterIPs, s.clusterIPs) && sameStrings(o.ipFamilies, s.ipFamilies);
}

export function initIPFamilyFields(input: Service, old: Service | undefined, cluster: ClusterFamilies): Service {
  if (input.spec?.type === 'ExternalName' || isMatchingPreferDualStack(input, old)) return input;
  const svc = deepClone(input);
  const s = (svc.spec ??= {});
  const name = svc.metadata.name ?? '';
  const configured = new Set<string>(cluster.families);
  const headlessSelectorless = s.clusterIP === ClusterIPNone && Object.keys(s.selector ?? {}).length === 0;

  if (s.ipFamilyPolicy === undefined) {
    if (old?.spec?.ipFamilyPolicy !== undefined) s.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    else s.ipFamilyPolicy = headlessSelectorless ? 'RequireDualStack' : 'SingleStack';
  }
  const policy = s.ipFamilyPolicy;
  const errs: FieldError[] = [];
  if (old) {
    const o = old.spec ?? {};
    if (policy === 'SingleStack') {
      // Same fields plus SingleStack is clear intent to drop the secondary; [0] is immutable.
      if (sameStrings(o.clusterIPs, s.clusterIPs) && (s.clusterIPs?.length ?? 0) > 1) s.clusterIPs = s.clusterIPs!.slice(0, 1);
      if (sameStrings(o.ipFamilies, s.ipFamilies) && (s.ipFamilies?.length ?? 0) > 1) s.ipFamilies = s.ipFamilies!.slice(0, 1);
    } else {
      const fewer = (n?: string[], m?: string[]) => (n?.length ?? 0) > 0 && n!.length < (m?.length ?? 0);
      if (fewer(s.clusterIPs, o.clusterIPs)) {
        errs.push(field.invalid('spec.ipFamilyPolicy', policy, "must be 'SingleStack' to release the secondary cluster IP"));
      }
      if (fewer(s.ipFamilies, o.ipFamilies)) {
        errs.push(field.invalid('spec.ipFamilyPolicy', policy, "must be 'SingleStack' to release the secondary IP family"));
      }
    }
  }
  if (policy === 'SingleStack') {
    if (s.clusterIPs?.length === 2) {
      errs.push(field.invalid('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    }
    if (s.ipFamilies?.length === 2) {
      errs.push(field.invalid('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
    }
  }
  const families = [...(s.ipFamilies ?? [])];
  for (const [i, ip] of (s.clusterIPs ?? []).entries()) {
    if (ip === ClusterIPNone) break;
    if (i < families.length) continue;
    const fam = familyOfIP(ip);
    if (!configured.has(fam)) errs.push(field.invalid(`spec.clusterIPs[${i}]`, s.clusterIPs, `${fam} is not configured on this cluster`));
    else families.push(fam);
  }
  if (errs.length) throw new Invalid(serviceKind, name, errs);
  s.ipFamilies = families;

  // Headless without selector may name families the cluster lacks: its endpoints are user-made.
  if (headlessSelectorless) {
    if (families.length === 0) families.push(cluster.families[0]!);
    if (families.length < 2 && policy !== 'SingleStack') families.push(other(families[0]!));
    return svc;
  }
  if (policy === 'RequireDualStack' && configured.size < 2) {
    errs.push(field.invalid('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
  }
  for (const [i, fam] of families.entries()) {
    if (!configured.has(fam)) errs.push(field.invalid(`spec.ipFamilies[${i}]`, fam, 'not configured on this cluster'));
  }
  if (errs.length) throw new Invalid(serviceKind, name, errs);
  if (families.length === 0) families.push(cluster.families[0]!);
  if (policy !== 'SingleStack' && families.length === 1 && configured.size === 2) families.push(other(families[0]!));
  return svc;
}
