/**
 * The Service panel (a Service clicked): one tab at a time, computed only when shown —
 * its YAML as `kubectl get -o yaml` prints it, its DNS names and records, the proxy rules
 * kube-proxy would program on a chosen node (iptables-save or ipvsadm text), and which pods a
 * connection entering at that node reaches. Text only (Preact escapes). The DNS names and the
 * rules use the cluster's own settings (cluster domain, cluster CIDR, proxy mode...: read from
 * kube-system ConfigMaps, store/clusterSettings.ts), shown above them with where they came from,
 * or why kube's defaults were taken.
 */
import type { EndpointSlice as ApiEndpointSlice } from '@miniplane/api/endpoints/types';
import type { ClusterSettings } from '@miniplane/api/componentConfig/index';
import type { ProxyNode } from '@miniplane/api/proxyRules/index';
import type { Service as ApiService } from '@miniplane/api/service/types';
import { useState } from 'preact/hooks';
import type { EndpointSlice, Node, Service } from '../model/kube.js';
import { objectYaml } from '../model/objectYaml.js';
import { serviceDns } from '../model/serviceDns.js';
import { serviceReach, type ReachPath } from '../model/serviceReach.js';
import { serviceRules, type RulesMode } from '../model/serviceRules.js';
import { slicesOfService } from '../model/sliceShards.js';
import { useClusterSettings } from '../store/clusterSettings.js';
import { useCollections } from '../store/hooks.js';
import { select } from '../store/selection.js';

type Tab = 'yaml' | 'dns' | 'rules' | 'reach';
const tabs: Array<[Tab, string]> = [['yaml', 'YAML'], ['dns', 'DNS'], ['rules', 'Proxy rules'], ['reach', 'Reach']];

export function ServicePanel({ serviceKey }: { serviceKey: string }) {
  const store = useCollections('services', 'endpointslices', 'nodes');
  const [tab, setTab] = useState<Tab>('yaml');
  const [node, setNode] = useState('');
  const settings = useClusterSettings();
  const [chosenMode, setMode] = useState<RulesMode | undefined>(undefined);
  // The cluster's kube-proxy mode until one is chosen (one this view cannot show: iptables).
  const mode: RulesMode = chosenMode ?? (settings?.mode === 'ipvs' ? 'ipvs' : 'iptables');
  const svc = store.get<Service>('services').get(serviceKey);
  if (!svc) return <Gone what={`service ${serviceKey}`} />;
  const ns = svc.metadata.namespace ?? '';
  const slices = slicesOfService([...store.get<EndpointSlice>('endpointslices').values()], ns, svc.metadata.name) as unknown as ApiEndpointSlice[];
  const nodes = [...store.get<Node>('nodes').values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)) as unknown as ProxyNode[];
  const nodeName = nodes.some((n) => n.metadata.name === node) ? node : (nodes[0]?.metadata.name ?? '');
  const api = svc as unknown as ApiService;
  return (
    <aside class="panel service-panel" aria-label="Service details" data-namespace={ns} data-name={svc.metadata.name}>
      <header>
        <span class="ns">{`${ns}/`}</span>
        <span class="name">{svc.metadata.name}</span>
        <button type="button" class="close" onClick={() => select(undefined)} aria-label="Close">
          ×
        </button>
      </header>
      <nav class="tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" class={`tab tab-${id}`} aria-selected={tab === id} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </nav>
      {(tab === 'rules' || tab === 'reach') && (
        <div class="panel-options">
          <label>
            Node{' '}
            <select name="node" value={nodeName} onChange={(e) => setNode((e.currentTarget as HTMLSelectElement).value)}>
              {nodes.map((n) => (
                <option key={n.metadata.name} value={n.metadata.name}>
                  {n.metadata.name}
                </option>
              ))}
            </select>
          </label>
          {tab === 'rules' && (
            <label>
              Mode{' '}
              <select name="mode" value={mode} onChange={(e) => setMode((e.currentTarget as HTMLSelectElement).value as RulesMode)}>
                <option value="iptables">iptables</option>
                <option value="ipvs">ipvs</option>
              </select>
            </label>
          )}
        </div>
      )}
      {tab === 'yaml' && <pre class="yaml">{objectYaml(svc, 'v1', 'Service')}</pre>}
      {(tab === 'dns' || tab === 'rules') && <SettingsLine settings={settings} tab={tab} />}
      {tab === 'dns' && settings && <DnsTab svc={api} slices={slices} settings={settings} />}
      {tab === 'rules' && settings && (nodeName ? <pre class={`rules rules-${mode}`}>{serviceRules(api, slices, nodes, nodeName, mode, settings)}</pre> : <p class="empty">no nodes: kube-proxy runs on a node</p>)}
      {tab === 'reach' && (nodeName ? <ReachTab svc={api} slices={slices} nodes={nodes} nodeName={nodeName} /> : <p class="empty">no nodes</p>)}
    </aside>
  );
}

/** Which of the cluster's settings the tab uses, their values, and where they came from (or why kube's defaults). */
function SettingsLine({ settings, tab }: { settings: ClusterSettings | undefined; tab: 'dns' | 'rules' }) {
  if (!settings) return <p class="cluster-settings loading">reading the cluster's settings (kube-system ConfigMaps)…</p>;
  const source = tab === 'dns' ? settings.sources.kubelet : settings.sources.kubeProxy;
  const values =
    tab === 'dns'
      ? `cluster domain ${settings.clusterDomain}${settings.clusterDNS.length ? `, cluster DNS ${settings.clusterDNS.join(', ')}` : ''}`
      : `cluster CIDR ${settings.clusterCIDR || 'none'}, kube-proxy mode ${settings.mode}, IPVS scheduler ${settings.ipvsScheduler}${settings.masqueradeAll ? ', masquerade-all' : ''}`;
  return (
    <div class="cluster-settings" data-source={source.configMap} data-read={String(source.read)} data-domain={settings.clusterDomain} data-cluster-cidr={settings.clusterCIDR}>
      <p class="settings-values">{`${values}${source.read ? ` (configmap ${source.configMap})` : ''}`}</p>
      {source.note && <p class="settings-note">{source.note}</p>}
    </div>
  );
}

function DnsTab({ svc, slices, settings }: { svc: ApiService; slices: ApiEndpointSlice[]; settings: ClusterSettings }) {
  const d = serviceDns(svc, slices, { zone: settings.clusterDomain });
  return (
    <div class="dns">
      <p class="dns-names">
        <span class="label">Names</span> <code class="fqdn">{d.fqdn}</code>
        <span class="search">{` (from a pod in ${svc.metadata.namespace}: ${d.searchNames.join(', ')})`}</span>
      </p>
      {d.queries.map((q) => (
        <div key={`${q.name} ${q.type}`} class="dns-query" data-name={q.name} data-type={q.type} data-rcode={q.rcode}>
          <div class="dns-question">{`${q.name}. ${q.type}${q.rcode === 'NOERROR' ? '' : `  ${q.rcode}`}`}</div>
          <pre class="dns-records">{q.records.map((r) => `${r.name}.\t${r.ttl}\tIN\t${r.type}\t${r.data}\n`).join('')}</pre>
        </div>
      ))}
    </div>
  );
}

const trafficTitle = { cluster: 'To the ClusterIP from a pod on', external: 'From outside, arriving at' } as const;

function ReachTab(p: { svc: ApiService; slices: ApiEndpointSlice[]; nodes: ProxyNode[]; nodeName: string }) {
  const r = serviceReach(p.svc, p.slices, p.nodes, p.nodeName);
  if (r.skipped) return <p class="reach-skipped">{r.skipped}</p>;
  return (
    <div class="reach" data-node={r.node}>
      {r.ports.map((port) => (
        <div key={port.name} class="reach-port" data-port={port.name}>
          <div class="reach-port-name">{`${port.name} ${port.port}/${port.protocol}${port.nodePort ? ` nodePort ${port.nodePort}` : ''}`}</div>
          {port.paths.map((path) => (
            <Path key={path.traffic} path={path} node={r.node} zone={r.zone} />
          ))}
        </div>
      ))}
    </div>
  );
}

function Path({ path, node, zone }: { path: ReachPath; node: string; zone: string }) {
  const policy = path.traffic === 'cluster' ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
  return (
    <div class="reach-path" data-traffic={path.traffic} data-policy={path.policy} data-count={path.endpoints.length}>
      <div>{`${trafficTitle[path.traffic]} ${node}${zone ? ` (${zone})` : ''} — ${policy} ${path.policy}: ${path.why}`}</div>
      <ul class="reach-endpoints">
        {path.endpoints.map((e) => (
          <li key={`${e.ip}:${e.port}`} data-pod={e.pod} data-ready={String(e.ready)}>
            {`${e.pod || e.ip} ${e.ip}:${e.port} on ${e.node || '?'}${e.ready ? '' : e.terminating ? ' (terminating, serving)' : ' (not ready)'}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Gone({ what }: { what: string }) {
  return (
    <aside class="panel gone" aria-label="Details">
      <p class="empty">{`${what} is gone`}</p>
      <button type="button" class="close" onClick={() => select(undefined)}>
        Close
      </button>
    </aside>
  );
}
