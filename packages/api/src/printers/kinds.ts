/**
 * The kind → printer registry printTable consults.
 *
 * Contract: data only; keys are kinds as served (resources.ts). A kind missing here gets the
 * default table.
 * Upstream: pkg/printers/internalversion/printers.go (AddHandlers)
 */
import { deploymentPrinter, replicaSetPrinter } from './apps.js';
import { configMapPrinter } from './configMap.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoints.js';
import { eventPrinter } from './event.js';
import { leasePrinter } from './lease.js';
import { ipAddressPrinter, serviceCIDRPrinter } from './networking.js';
import { namespacePrinter, nodePrinter } from './node.js';
import { podPrinter } from './pod.js';
import { servicePrinter } from './service.js';
import type { KindPrinter } from './table.js';

export const kindPrinters: Readonly<Record<string, KindPrinter>> = Object.freeze({
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  EndpointSlice: endpointSlicePrinter,
  Pod: podPrinter,
  Node: nodePrinter,
  Namespace: namespacePrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  Lease: leasePrinter,
  ConfigMap: configMapPrinter,
  Event: eventPrinter,
  ServiceCIDR: serviceCIDRPrinter,
  IPAddress: ipAddressPrinter,
});
