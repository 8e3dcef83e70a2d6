/**
 * The two halves of a component-config document's life in a kubeadm cluster: written as
 * sigs.k8s.io/yaml marshals a Go struct (kubeadm's ConfigMaps), read back field by field as the
 * component reads it (a missing field or one of the wrong type is left to the component's default).
 *
 * Contract: pure. `goYamlString(v)`: a Go string as sigs.k8s.io/yaml writes it: plain when it
 * reads back as that same string, else double-quoted (`""`, `"on"`, `"0"`). `field(o, key)`: the
 * member of a mapping, undefined for anything else. `asString(v)`: v when it is a string.
 * `loggingYaml`: the `logging` block every component config embeds (component-base's
 * LoggingConfiguration, zero-valued as kubeadm marshals it).
 * Upstream: sigs.k8s.io/yaml (JSONToYAML over go-yaml v2's marshaller)
 */

export function goYamlString(v: string): string {
  if (v === '') return '""';
  return /^[A-Za-z0-9][A-Za-z0-9./:,_-]*$/.test(v) && !/^(\d+(\.\d*)?|true|false|null|yes|no|on|off|y|n|~)$/i.test(v) ? v : JSON.stringify(v);
}

export const field = (o: unknown, key: string): unknown => (o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined);

export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const loggingYaml = `logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
`;
