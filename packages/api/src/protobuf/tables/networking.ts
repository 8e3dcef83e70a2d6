/**
 * Schema tables for networking.k8s.io/v1 ServiceCIDRs and IPAddresses. Field numbers come from
 * k8s.io/api/networking/v1/generated.proto (unchanged since v1alpha1). Notation: see ../schema.ts.
 */
import type { MessageTables } from '../schema.js';

export const networkingTables: MessageTables = {
  'networking.ServiceCIDR': { 1: 'metadata: ObjectMeta', 2: 'spec: networking.ServiceCIDRSpec', 3: 'status: networking.ServiceCIDRStatus' },
  'networking.ServiceCIDRSpec': { 1: 'cidrs: []string' },
  'networking.ServiceCIDRStatus': { 1: 'conditions: []Condition' },
  'networking.IPAddress': { 1: 'metadata: ObjectMeta', 2: 'spec: networking.IPAddressSpec' },
  'networking.IPAddressSpec': { 1: 'parentRef: networking.ParentReference' },
  'networking.ParentReference': { 1: 'group: string', 2: 'resource: string', 3: 'namespace: string', 4: 'name: string' },
};
