/**
 * Schema tables for discovery.k8s.io/v1 EndpointSlices. Field numbers come from
 * k8s.io/api/discovery/v1/generated.proto. Keys carry the `discovery.` prefix (core has its own
 * EndpointPort). Notation: see ../schema.ts.
 */
import type { MessageTables } from '../schema.js';

export const discoveryTables: MessageTables = {
  'discovery.EndpointSlice': {
    1: 'metadata: ObjectMeta',
    4: 'addressType: string!',
    2: 'endpoints: []discovery.Endpoint',
    3: 'ports: []discovery.EndpointPort',
  },
  'discovery.Endpoint': {
    1: 'addresses: []string',
    2: 'conditions: discovery.EndpointConditions',
    3: 'hostname: string!',
    4: 'targetRef: ObjectReference',
    5: 'deprecatedTopology: map[string]',
    6: 'nodeName: string!',
    7: 'zone: string!',
    8: 'hints: discovery.EndpointHints',
  },
  'discovery.EndpointConditions': { 1: 'ready: bool!', 2: 'serving: bool!', 3: 'terminating: bool!' },
  'discovery.EndpointHints': { 1: 'forZones: []discovery.ForZone', 2: 'forNodes: []discovery.ForNode' },
  'discovery.ForZone': { 1: 'name: string!' },
  'discovery.ForNode': { 1: 'name: string!' },
  // Every field is a pointer in Go: a nil port means "all ports".
  'discovery.EndpointPort': { 1: 'name: string!', 2: 'protocol: string!', 3: 'port: int32!', 4: 'appProtocol: string!' },
};
