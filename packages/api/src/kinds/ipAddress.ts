/**
 * networking.k8s.io/v1 IPAddress: cluster-scoped; its strategy (the object is the reservation) needs the server's allocators and is installed by the apiserver.
 * Upstream: pkg/registry/networking/ipaddress/strategy.go
 */
import { networkDefinitions } from '../openapi/networkSchemas.js';
import { ipAddressPrinter } from '../printers/networking.js';
import { networkingTables } from '../protobuf/tables/networking.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';

export const ipAddressKind: KindDescriptor = {
  resource: resourceRow({ group: 'networking.k8s.io', version: 'v1', kind: 'IPAddress', plural: 'ipaddresses', namespaced: false, shortNames: ['ip'] }),
  schema: { definitions: networkDefinitions },
  protobuf: { message: 'networking.IPAddress', tables: networkingTables },
  printer: ipAddressPrinter,
};
