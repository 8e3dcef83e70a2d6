/**
 * The cluster's own settings for the Service panel, read as any client of a kubeadm cluster reads
 * them: the ConfigMaps `kube-system/kubelet-config` (cluster domain, cluster DNS) and
 * `kube-system/kube-proxy` (cluster CIDR, proxy mode, IPVS scheduler, masquerade-all), listed and
 * watched in kube-system with the page's token, their YAML parsed by the `yaml` package (loaded
 * on first use: its own chunk of the bundle), and derived by @miniplane/api's clusterSettingsOf
 * (kube's defaults for whatever they do not give, and a line saying why).
 *
 * Contract: one source per page, started by the first `useClusterSettings()` (a Service panel
 * opening). `settings()` is undefined until the list has answered (or failed) and the parser has
 * loaded; then it follows every change of the ConfigMaps. A refused list (401/403, another error)
 * makes both ConfigMaps unreadable with the server's message: the panel goes on with kube's
 * defaults and says so (once listed, a later failure keeps what was read); it never counts in the
 * page's connection status. After a refusal, the
 * source lists again when the page's store is live again (a token given).
 * Upstream: cmd/kubeadm/app/phases/kubelet/config.go, cmd/kubeadm/app/phases/addons/proxy/proxy.go
 */
import { clusterSettingsOf, kubeletConfigMapRef, kubeProxyConfigMapRef, type ClusterSettings, type ConfigMapRead, type ConfigMapRef } from '@miniplane/api/componentConfig/index';
import { useEffect, useReducer } from 'preact/hooks';
import type { KubeObject } from '../model/kube.js';
import { Collection } from './collection.js';
import { useCollections } from './hooks.js';
import { Reflector, type ReflectorStatus } from './reflector.js';

type Parse = (text: string) => unknown;

class ClusterSettingsSource {
  private readonly collection = new Collection<KubeObject>('kube-system-configmaps', `/api/v1/namespaces/${kubeletConfigMapRef.namespace}/configmaps`);
  private readonly reflector = new Reflector({ collection: this.collection as unknown as Collection, onStatus: (s) => this.onStatus(s) });
  private readonly listeners = new Set<() => void>();
  private status: ReflectorStatus = { state: 'listing' };
  private listed = false;
  private parse: Parse | undefined;
  private cached: { version: number; status: ReflectorStatus; settings: ClusterSettings } | undefined;
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    this.collection.onEvent(() => this.notify());
    void import('yaml').then((m) => {
      this.parse = (text) => m.parse(text);
      this.notify();
    });
    this.reflector.start();
  }

  /** Lists again after a refusal (the page was given a token since). */
  retryAfterRefusal(): void {
    if (this.status.state === 'error') this.reflector.start();
  }

  settings(): ClusterSettings | undefined {
    if (!this.parse || !(this.listed || this.status.state === 'error')) return undefined;
    const c = this.cached;
    if (c && c.version === this.collection.version && c.status === this.status) return c.settings;
    const read = (ref: ConfigMapRef): ConfigMapRead => {
      // Once listed, a later failed relist keeps what was read (as an informer keeps its cache).
      if (!this.listed && this.status.state === 'error') return { unreadable: this.status.error.message };
      return this.collection.get(`${ref.namespace}/${ref.name}`) as ConfigMapRead;
    };
    const settings = clusterSettingsOf({ kubelet: read(kubeletConfigMapRef), kubeProxy: read(kubeProxyConfigMapRef) }, this.parse);
    this.cached = { version: this.collection.version, status: this.status, settings };
    return settings;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  private onStatus(s: ReflectorStatus): void {
    this.status = s;
    if (s.state === 'live') this.listed = true;
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

let source: ClusterSettingsSource | undefined;

/** The cluster's settings (undefined while first read); re-renders the caller when they change. */
export function useClusterSettings(): ClusterSettings | undefined {
  const store = useCollections('$status');
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const s = (source ??= new ClusterSettingsSource());
  useEffect(() => {
    s.start();
    return s.subscribe(() => bump(undefined));
  }, [s]);
  const live = store.status().state === 'live';
  useEffect(() => {
    if (live) s.retryAfterRefusal();
  }, [s, live]);
  return s.settings();
}
