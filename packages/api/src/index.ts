export * from './types.js';
export * from './fieldError.js';
export * from './errors.js';
export * from './resources.js';
