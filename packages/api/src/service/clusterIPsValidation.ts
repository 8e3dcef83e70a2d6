/**
 * Validation of the linked dual-stack fields clusterIP, clusterIPs, ipFamilies and
 * ipFamilyPolicy, and of how an update may change them.
 *
 * Contract: pure; kube's paths, values and messages. ExternalName Services are skipped here
 * (their own rule forbids all these fields). On update, clusterIPs[0] and ipFamilies[0] may not
 * change and the secondary may only be released with policy SingleStack, except when the type
 * changes to or from ExternalName, or headless stays headless.
 * Upstream: pkg/apis/core/validation/validation.go (ValidateServiceClusterIPsRelatedFields,
 * validateUpgradeDowngradeClusterIPs, validateUpgradeDowngradeIPFamilies)
 */
import { field, type FieldError } from '../fieldError.js';
import { isValidIP } from '../validation/names.js';
import { GoLiteralFieldError, goIPFamilies, goStrings } from './goLiteral.js';
import { ClusterIPNone, familyOfIP, isHeadless, type Service } from './types.js';

const families = ['IPv4', 'IPv6'];
const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

function invalidIPs(path: string, ips: string[] | undefined, detail: string): FieldError {
  return new GoLiteralFieldError('FieldValueInvalid', path, goStrings(ips), detail);
}

export function validateClusterIPsRelatedFields(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  if (s.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = s.clusterIPs ?? [];
  if (s.clusterIP) {
    if (ips.length === 0) errs.push(field.required('spec.clusterIPs'));
    else if (ips[0] !== s.clusterIP) errs.push(invalidIPs('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(invalidIPs('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (s.ipFamilies ?? []).forEach((f, i) => {
    if (!families.includes(f)) errs.push(field.notSupported(`spec.ipFamilies[${i}]`, f, families));
    if (seen.has(f)) errs.push(field.duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  if (s.ipFamilyPolicy !== undefined && !policies.includes(s.ipFamilyPolicy)) {
    errs.push(field.notSupported('spec.ipFamilyPolicy', s.ipFamilyPolicy, policies));
  }
  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === ClusterIPNone) {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalidIPs('spec.clusterIPs', ips, "'None' must be the first and only value"));
      }
      return;
    }
    const bad = isValidIP(ip);
    if (bad.length) hasInvalidIPs = true;
    errs.push(...bad.map((m) => field.invalid(`spec.clusterIPs[${i}]`, ip, m)));
  });
  if (ips.length > 2) errs.push(invalidIPs('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  // A bad or misplaced IP would skew the family checks below, so stop here.
  if (hasInvalidIPs) return errs;
  if (ips.length > 1) {
    const fams = new Set(ips.map(familyOfIP));
    if (fams.size < 2) errs.push(invalidIPs('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(svc) && ips.length && s.ipFamilies?.length) {
    ips.forEach((ip, i) => {
      const want = s.ipFamilies![i];
      if (want === undefined) return;
      if (want === 'IPv4' && familyOfIP(ip) === 'IPv6') {
        errs.push(field.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (want === 'IPv6' && familyOfIP(ip) !== 'IPv6') {
        errs.push(field.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  }
  return errs;
}

function exemptFromIPRules(old: Service, svc: Service): boolean {
  return svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName';
}

const releaseNeedsSingleStack = (svc: Service, what: string): FieldError =>
  field.invalid('spec.ipFamilyPolicy', svc.spec?.ipFamilyPolicy ?? 'null', `must be set to 'SingleStack' when releasing the secondary ${what}`);

export function validateUpgradeDowngradeClusterIPs(old: Service, svc: Service): FieldError[] {
  if (exemptFromIPRules(old, svc)) return [];
  if (isHeadless(old) && isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const before = old.spec?.clusterIPs ?? [];
  const after = svc.spec?.clusterIPs ?? [];
  const changed = () => invalidIPs('spec.clusterIPs[0]', after, 'may not change once set');
  if (before.length === after.length) {
    before.forEach((ip, i) => {
      if (ip !== after[i]) errs.push(invalidIPs(`spec.clusterIPs[${i}]`, after, 'may not change once set'));
    });
  } else if (before.length > after.length) {
    if (after.length === 0) errs.push(invalidIPs('spec.clusterIPs[0]', after, 'primary clusterIP can not be unset'));
    if (before.length > 0 && after.length > 0 && after[0] !== before[0]) errs.push(changed());
    if (after.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') errs.push(releaseNeedsSingleStack(svc, 'clusterIP'));
  } else if (before.length > 0 && after[0] !== before[0]) {
    errs.push(changed());
  }
  return errs;
}

export function validateUpgradeDowngradeIPFamilies(old: Service, svc: Service): FieldError[] {
  if (exemptFromIPRules(old, svc)) return [];
  // Headless Services may change families, and so may a change to or from headless.
  if (isHeadless(old) || isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const before = old.spec?.ipFamilies ?? [];
  const after = svc.spec?.ipFamilies ?? [];
  // kube reports the clusterIPs as the value of some ipFamilies errors; kept for fidelity.
  const ipsValue = (detail: string) => invalidIPs('spec.ipFamilies[0]', svc.spec?.clusterIPs, detail);
  if (before.length === after.length) {
    before.forEach((f, i) => {
      if (f !== after[i]) errs.push(new GoLiteralFieldError('FieldValueInvalid', 'spec.ipFamilies[0]', goIPFamilies(after), 'may not change once set'));
    });
  } else if (before.length > after.length) {
    if ((svc.spec?.clusterIPs ?? []).length === 0) {
      errs.push(new GoLiteralFieldError('FieldValueInvalid', 'spec.ipFamilies[0]', goIPFamilies(after), 'primary ipFamily can not be unset'));
    }
    if (after.length > 0 && after[0] !== before[0]) errs.push(ipsValue('may not change once set'));
    if (after.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') errs.push(releaseNeedsSingleStack(svc, 'ipFamily'));
  } else if (before.length > 0 && after.length > 0 && after[0] !== before[0]) {
    errs.push(ipsValue('may not change once set'));
  }
  return errs;
}
