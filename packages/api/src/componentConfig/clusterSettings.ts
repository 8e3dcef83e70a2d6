/**
 * The cluster-wide settings a client of a kubeadm cluster can read over the API, from the two
 * ConfigMaps kubeadm publishes in kube-system (and miniplane `up` writes):
 *
 *   kube-system/kubelet-config  key `kubelet`      KubeletConfiguration     clusterDomain, clusterDNS
 *   kube-system/kube-proxy      key `config.conf`  KubeProxyConfiguration   clusterCIDR, mode,
 *                                                                           ipvs.scheduler, masqueradeAll
 *
 * Contract: pure; YAML parsing is the caller's (`parse`, e.g. the `yaml` package's). Each
 * ConfigMap is given as read: the object, `undefined` (404), or `{ unreadable: message }` (any
 * other refusal, e.g. 403). A value the ConfigMap does not give (ConfigMap missing or unreadable,
 * key missing, text that does not parse, another kind, field missing or mistyped) is kube's
 * default: cluster domain cluster.local (the DNS specification's and kubeadm's), no cluster DNS
 * known, kube-proxy's own defaults (mode iptables, no cluster CIDR: no local-traffic detector,
 * scheduler rr, masqueradeAll false). `sources` says per ConfigMap whether it was read, and if
 * not, why, in one line for people; a ConfigMap read without a field whose default is a value
 * (cluster domain, mode...) says so too; one without clusterDNS or clusterCIDR (none) does not.
 * Upstream: cmd/kubeadm/app/constants/constants.go (KubeletBaseConfigurationConfigMap,
 *           KubeProxyConfigMap, ComponentConfigHashAnnotationKey)
 */
import { kubeProxySettingsOf, type KubeProxySettings } from '../proxyRules/kubeProxyConfiguration.js';
import { kubeletSettingsOf, type KubeletSettings } from './kubeletConfiguration.js';

export interface ConfigMapRef {
  namespace: string;
  name: string;
  key: string;
}

export const kubeletConfigMapRef: ConfigMapRef = Object.freeze({ namespace: 'kube-system', name: 'kubelet-config', key: 'kubelet' });
export const kubeProxyConfigMapRef: ConfigMapRef = Object.freeze({ namespace: 'kube-system', name: 'kube-proxy', key: 'config.conf' });
/** kubeadm's checksum of a ConfigMap it generated (`sha256:<hex>` of the data values in key order). */
export const componentConfigHashAnnotation = 'kubeadm.kubernetes.io/component-config.hash';

export interface ConfigMapLike {
  metadata?: { name?: string; namespace?: string };
  data?: Record<string, string> | null;
}

/** A ConfigMap as a GET gave it: the object, undefined (NotFound), or why it could not be read. */
export type ConfigMapRead = ConfigMapLike | undefined | { unreadable: string };

export interface SettingsSource {
  /** `kube-system/kubelet-config`. */
  configMap: string;
  read: boolean;
  /** Why not (or which fields it lacked); '' when every value came from it. */
  note: string;
}

export interface ClusterSettings extends KubeletSettings, KubeProxySettings {
  sources: { kubelet: SettingsSource; kubeProxy: SettingsSource };
}

export const kubeletDefaults: KubeletSettings = Object.freeze({ clusterDomain: 'cluster.local', clusterDNS: [] });
export const kubeProxyDefaults: KubeProxySettings = Object.freeze({ clusterCIDR: '', mode: 'iptables', ipvsScheduler: 'rr', masqueradeAll: false });

type Parse = (text: string) => unknown;

/** One ConfigMap's document, read with `of`, or why not. */
function readDocument<T>(ref: ConfigMapRef, read: ConfigMapRead, parse: Parse, of: (doc: unknown) => Partial<T> | undefined, kind: string): { got: Partial<T>; why: string } {
  const name = `configmap ${ref.namespace}/${ref.name}`;
  if (read === undefined) return { got: {}, why: `${name} not found` };
  if ('unreadable' in read) return { got: {}, why: `cannot read ${name}: ${read.unreadable}` };
  const text = read.data?.[ref.key];
  if (text === undefined) return { got: {}, why: `${name} has no key "${ref.key}"` };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e: unknown) {
    return { got: {}, why: `${name}: "${ref.key}" does not parse: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const got = of(doc);
  return got ? { got, why: '' } : { got: {}, why: `${name}: "${ref.key}" is not a ${kind}` };
}

/** `defaults` overlaid with what `got` has; the note names the defaulted fields. */
function settle<T extends object>(ref: ConfigMapRef, r: { got: Partial<T>; why: string }, defaults: T): { values: T; source: SettingsSource } {
  const values = { ...defaults };
  const missing: string[] = [];
  for (const k of Object.keys(defaults) as Array<keyof T>) {
    if (r.got[k] !== undefined) values[k] = r.got[k] as T[keyof T];
    else missing.push(String(k));
  }
  const read = r.why === '';
  const shown = (k: string) => `${k} ${JSON.stringify(defaults[k as keyof T])}`;
  // A field left out whose default is "none" ('' or []) stands for none: nothing to point out.
  const substituted = missing.filter((k) => !['""', '[]'].includes(JSON.stringify(defaults[k as keyof T])));
  const note = read ? (substituted.length ? `no ${substituted.join(', ')}: kube's default (${substituted.map(shown).join(', ')})` : '') : `${r.why}: kube's defaults (${missing.map(shown).join(', ')})`;
  return { values, source: { configMap: `${ref.namespace}/${ref.name}`, read, note } };
}

export function clusterSettingsOf(given: { kubelet: ConfigMapRead; kubeProxy: ConfigMapRead }, parse: Parse): ClusterSettings {
  const kubelet = settle(kubeletConfigMapRef, readDocument(kubeletConfigMapRef, given.kubelet, parse, kubeletSettingsOf, 'KubeletConfiguration'), kubeletDefaults);
  const kubeProxy = settle(kubeProxyConfigMapRef, readDocument(kubeProxyConfigMapRef, given.kubeProxy, parse, kubeProxySettingsOf, 'KubeProxyConfiguration'), kubeProxyDefaults);
  return { ...kubelet.values, ...kubeProxy.values, sources: { kubelet: kubelet.source, kubeProxy: kubeProxy.source } };
}
