export * from './nodeObject.js';
export * from './podIPAllocator.js';
export * from './podStatusPlan.js';
export * from './kubelet.js';
export * from './startNodes.js';
export * from './nodeControl.js';
