/**
 * The Services view: each Service with its type, ClusterIP(s), ports, NodePorts and
 * external/LoadBalancer addresses; under it its EndpointSlices as shards (fill out of
 * max-endpoints-per-slice, one box per endpoint coloured by state) and its Endpoints object.
 * Everything is rendered as text by Preact (no markup is built from data).
 * Cheap at 10,000 endpoints: a slice's shard is computed once per slice object (objects are never
 * mutated, a change is a new object) and its boxes re-render only when that slice changed (memo);
 * each slice carries its ready count (`data-ready`) for whoever counts without walking the boxes.
 */
import { serviceSummary, type ServiceSummary } from '../model/serviceSummary.js';
import { endpointsAddresses, endpointsKeyOf, sliceShard, slicesByService, type SliceShard } from '../model/sliceShards.js';
import type { EndpointSlice, Endpoints, Service } from '../model/kube.js';
import { useCollections } from '../store/hooks.js';
import { select } from '../store/selection.js';
import { memo } from './memo.js';

const stateTitle = { ready: 'ready', serving: 'serving, not ready', terminating: 'terminating', notready: 'not ready' } as const;

/** At most this many Endpoints addresses are listed; the rest are counted. */
const addressesShown = 12;

const summaries = new WeakMap<Service, ServiceSummary>();
const summaryOf = (s: Service): ServiceSummary => summaries.get(s) ?? (summaries.set(s, serviceSummary(s)), summaries.get(s)!);
const shards = new WeakMap<EndpointSlice, SliceShard>();
function shardOf(s: EndpointSlice, max: number): SliceShard {
  const have = shards.get(s);
  if (have && have.max === max) return have;
  const made = sliceShard(s, max);
  shards.set(s, made);
  return made;
}

export function ServicesView({ maxEndpointsPerSlice }: { maxEndpointsPerSlice: number }) {
  const store = useCollections('services', 'endpointslices', 'endpoints');
  const services = [...store.get<Service>('services').values()].map(summaryOf);
  services.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  const slices = slicesByService(store.get<EndpointSlice>('endpointslices').values());
  const endpoints = store.get<Endpoints>('endpoints');
  return (
    <section class="services" aria-label="Services">
      <h2>
        Services <span class="count">{services.length}</span>
        <span class="legend">
          {(Object.keys(stateTitle) as Array<keyof typeof stateTitle>).map((k) => (
            <span key={k}>
              <span class={`ep ep-${k}`} /> {stateTitle[k]}
            </span>
          ))}
        </span>
      </h2>
      {services.map((s) => (
        <ServiceCard
          key={`${s.namespace}/${s.name}`}
          svc={s}
          shards={(slices.get(`${s.namespace}/${s.name}`) ?? []).map((x) => shardOf(x, maxEndpointsPerSlice))}
          endpoints={endpoints.get(endpointsKeyOf({ metadata: { namespace: s.namespace, name: s.name } }))}
        />
      ))}
    </section>
  );
}

function ServiceCard({ svc, shards, endpoints }: { svc: ServiceSummary; shards: SliceShard[]; endpoints: Endpoints | undefined }) {
  return (
    <article class="service" data-namespace={svc.namespace} data-name={svc.name}>
      <header>
        <span class="ns">{svc.namespace}/</span>
        <button type="button" class="name" title="details" onClick={() => select({ kind: 'Service', key: `${svc.namespace}/${svc.name}` })}>
          {svc.name}
        </button>
        <span class="type">{svc.type}</span>
      </header>
      <dl class="facts">
        <dt>ClusterIP</dt>
        <dd class="cluster-ips">{svc.externalName ?? (svc.clusterIPs.join(', ') || '—')}</dd>
        <dt>Ports</dt>
        <dd class="ports">{svc.ports.join(', ') || '—'}</dd>
        {svc.selector && (
          <>
            <dt>Selector</dt>
            <dd class="selector">{Object.entries(svc.selector).map(([k, v]) => `${k}=${v}`).join(', ')}</dd>
          </>
        )}
        {svc.nodePorts.length > 0 && (
          <>
            <dt>NodePorts</dt>
            <dd class="node-ports">{svc.nodePorts.join(', ')}</dd>
          </>
        )}
        {svc.externalIPs.length > 0 && (
          <>
            <dt>External IPs</dt>
            <dd class="external-ips">{svc.externalIPs.join(', ')}</dd>
          </>
        )}
        {svc.type === 'LoadBalancer' && (
          <>
            <dt>LoadBalancer</dt>
            <dd class="lb-ips">{svc.loadBalancerIPs.join(', ') || '<pending>'}</dd>
          </>
        )}
      </dl>
      <div class="slices">
        {shards.map((sh) => (
          <Shard key={sh.name} shard={sh} />
        ))}
        {shards.length === 0 && <p class="empty">no EndpointSlices</p>}
      </div>
      <EndpointsLine endpoints={endpoints} />
    </article>
  );
}

const Shard = memo(function Shard({ shard }: { shard: SliceShard }) {
  const pct = Math.min(100, Math.round((shard.size / shard.max) * 100));
  return (
    <div class="slice" data-name={shard.name} data-size={shard.size} data-max={shard.max} data-ready={shard.boxes.filter((b) => b.state === 'ready').length}>
      <div class="slice-head">
        <span class="slice-name">{shard.name}</span>
        <span class="slice-fill">{`${shard.size}/${shard.max}`}</span>
        <span class="slice-type">{shard.addressType}</span>
        <span class="slice-ports">{shard.ports.join(', ')}</span>
      </div>
      <div class="fill" role="meter" aria-valuemin={0} aria-valuemax={shard.max} aria-valuenow={shard.size}>
        <div class="fill-bar" style={{ width: `${pct}%` }} />
      </div>
      <div class="boxes">
        {shard.boxes.map((b, i) => (
          <span
            key={`${b.address}-${i}`}
            class={`ep ep-${b.state}`}
            data-state={b.state}
            data-address={b.address}
            data-pod={b.pod ?? ''}
            title={`${b.address}${b.pod ? ` ${b.pod}` : ''}${b.nodeName ? ` on ${b.nodeName}` : ''}: ${stateTitle[b.state]}`}
          />
        ))}
      </div>
    </div>
  );
});

function EndpointsLine({ endpoints }: { endpoints: Endpoints | undefined }) {
  if (!endpoints) return <p class="endpoints empty">no Endpoints object</p>;
  const a = endpointsAddresses(endpoints);
  const shown = a.ready.slice(0, addressesShown);
  return (
    <p class="endpoints" data-ready={a.ready.length} data-not-ready={a.notReady.length}>
      <span class="label">Endpoints</span>
      <span class="ep-counts">{`${a.ready.length} ready, ${a.notReady.length} not ready`}</span>
      <span class="ep-list">{shown.join(', ')}{a.ready.length > shown.length ? ` … +${a.ready.length - shown.length}` : ''}</span>
      <span class="ep-ports">{a.ports.join(', ')}</span>
    </p>
  );
}
