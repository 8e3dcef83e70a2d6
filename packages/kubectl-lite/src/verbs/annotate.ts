/** `kubectl annotate`: `label` over `metadata.annotations` (see label.ts). */
import { labelOrAnnotate } from './label.js';

export { flags } from './label.js';
export const run = labelOrAnnotate('annotations');
