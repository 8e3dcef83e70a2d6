/**
 * apps/v1 Deployment: generation tracked, status and scale subresources, created with an empty status,
 * kube's v1 defaults on every write (deploymentDefaults.ts).
 * Upstream: pkg/registry/apps/deployment/strategy.go
 */
import { appsDefinitions } from '../openapi/appsSchemas.js';
import { deploymentPrinter } from '../printers/apps.js';
import { appsTables } from '../protobuf/tables/apps.js';
import { coreWorkloadTables } from '../protobuf/tables/coreWorkloads.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { defaultDeployment } from './deploymentDefaults.js';
import { podTemplateDefinitions } from './pod.js';

export const deploymentKind: KindDescriptor = {
  resource: resourceRow({
    group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], hasGeneration: true,
  }),
  schema: { definitions: { ...appsDefinitions, ...podTemplateDefinitions } },
  protobuf: { message: 'apps.Deployment', tables: { ...appsTables, ...coreWorkloadTables } },
  printer: deploymentPrinter,
  defaults: defaultDeployment,
  strategy: {
    // The registry has applied `defaults` once already (kube's decoder does).
    prepareForCreate: (obj) => {
      obj.status = {};
    },
  },
};
