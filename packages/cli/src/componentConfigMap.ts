/**
 * Writes a component-config ConfigMap in kube-system as kubeadm's CreateOrUpdate does for the ones
 * it generates (`kube-proxy`, `kubelet-config`): signed with kubeadm's checksum annotation
 * `kubeadm.kubernetes.io/component-config.hash: sha256:<hex>` (sha256 over the data values in key
 * order), so kubeadm-aware tools see it as generated, not user-supplied.
 *
 * `createOrUpdateConfigMap` is the same write unsigned, for the ConfigMaps kubeadm does not sign
 * (`coredns`).
 *
 * Contract: in-process, through the registry (its validation); created if missing; when it exists
 * with other data (a kept data dir started with other flags), its data and checksum are replaced,
 * while labels and other annotations a user added are kept; the same data: no write.
 * Upstream: cmd/kubeadm/app/componentconfigs/checksums.go (ChecksumForConfigMap, SignConfigMap),
 *           cmd/kubeadm/app/util/apiclient/idempotency.go (CreateOrUpdateConfigMap)
 */
import { createHash } from 'node:crypto';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { componentConfigHashAnnotation, type ConfigMapRef } from '@miniplane/api/componentConfig/index';
import type { RunningServer } from '@miniplane/apiserver';

const configMaps = findResourceByKind('v1', 'ConfigMap')!;

type ConfigMap = KubeObject & { data?: Record<string, string> };

/** The ConfigMap `ref` names, holding `text` under its key (unsigned, no labels). */
export function configMapOf(ref: ConfigMapRef, text: string): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ref.name, namespace: ref.namespace }, data: { [ref.key]: text } } as ConfigMap;
}

/** kubeadm's ChecksumForConfigMap over `data` (a ConfigMap of string data only). */
export function componentConfigChecksum(data: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(data).sort()) hash.update(data[key]!);
  return `sha256:${hash.digest('hex')}`;
}

/** `cm` with its checksum annotation set. */
export function signConfigMap(cm: ConfigMap): ConfigMap {
  const annotations = { ...cm.metadata.annotations, [componentConfigHashAnnotation]: componentConfigChecksum(cm.data ?? {}) };
  return { ...cm, metadata: { ...cm.metadata, annotations } };
}

/** kubeadm's CreateOrUpdateConfigMap: `want` created, or its data and annotations written over the stored one's. */
export function createOrUpdateConfigMap(server: Pick<RunningServer, 'registry'>, want: ConfigMap): void {
  const r = server.registry;
  const ns = want.metadata.namespace!;
  const name = want.metadata.name!;
  const data = want.data ?? {};
  const have = r.list(configMaps, ns, { filter: (o) => o.metadata.name === name }).items[0] as ConfigMap | undefined;
  if (!have) return void r.create(configMaps, ns, want);
  const annotations = want.metadata.annotations;
  const sameAnnotations = Object.entries(annotations ?? {}).every(([k, v]) => have.metadata.annotations?.[k] === v);
  if (sameAnnotations && JSON.stringify(have.data ?? {}) === JSON.stringify(data)) return;
  const metadata = annotations ? { ...have.metadata, annotations: { ...have.metadata.annotations, ...annotations } } : have.metadata;
  r.update(configMaps, ns, name, { ...have, metadata, data } as KubeObject, '');
}

export function writeComponentConfigMap(server: Pick<RunningServer, 'registry'>, want: ConfigMap): void {
  createOrUpdateConfigMap(server, signConfigMap(want));
}
