/** The control plane `miniplane up` starts, for in-process use (the `miniplane` package). */
export { startPlane, type RunningPlane } from './up.js';
export { parseUpArgs, type UpArgs } from './args.js';
