/**
 * The `miniplane` package: a Kubernetes control plane for Services (API server, controllers,
 * scheduler, simulated nodes) started inside a test process. See startMiniplane.ts.
 */
export { startMiniplane } from './startMiniplane.js';
export type { Miniplane, MiniplaneOptions } from './options.js';
