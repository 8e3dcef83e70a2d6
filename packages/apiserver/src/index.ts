export { startServer, parseListen, type ServerOptions, type RunningServer } from './server.js';
export { buildApp, maxRequestBodyBytes } from './app.js';
export { ResourceRegistry } from './registry/resourceRegistry.js';
export type { Strategy, StrategyTable, WriteContext } from './registry/strategy.js';
export { strategyKey } from './registry/strategy.js';
export { kubeconfigYaml } from './kubeconfig.js';
