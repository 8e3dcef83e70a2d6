export * from './nodeFilters.js';
export * from './schedulePlan.js';
export * from './schedulerCache.js';
export * from './startScheduler.js';
