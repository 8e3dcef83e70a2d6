export { startServer, parseListen, type ServerOptions, type RunningServer, type ResetPoint } from './server.js';
export { buildApp, maxRequestBodyBytes } from './app.js';
export { ResourceRegistry } from './registry/resourceRegistry.js';
export type { Strategy, WriteContext } from '@miniplane/api/scheme/strategy';
export type { StrategyTable } from './registry/strategyTable.js';
export { strategyKey } from './registry/strategyTable.js';
export { kubeconfigYaml } from './kubeconfig.js';
export type { UiOptions, UiAsset } from './http/uiRoute.js';
export { isLoopback } from './auth/serverAuth.js';
