/**
 * The `miniplane` package: a Kubernetes control plane for Services (API server, controllers,
 * scheduler, simulated nodes) started inside a test process. See startMiniplane.ts.
 * The declarations emitted for this file name only ./options.js, so the installable package
 * ships them without the workspace's.
 */
import type { Miniplane, MiniplaneOptions } from './options.js';
import { startMiniplane as start } from './startMiniplane.js';

export type { Miniplane, MiniplaneOptions } from './options.js';

/** Starts a miniplane in this process; see `MiniplaneOptions` and `Miniplane`. */
export const startMiniplane: (options?: MiniplaneOptions) => Promise<Miniplane> = start;
