/**
 * Builders for Service fixtures in tests: a valid ClusterIP Service with overrides, so each
 * case states only what it is about.
 */
import type { Service, ServicePort, ServiceSpec } from './types.js';

export function port(over: Partial<ServicePort> = {}): ServicePort {
  return { port: 80, ...over };
}

export function service(spec: ServiceSpec = {}, name = 'web'): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [port()], ...spec },
  };
}

