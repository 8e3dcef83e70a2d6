export * from './serviceTable.js';
export * from './endpointPick.js';
export * from './startProxy.js';
