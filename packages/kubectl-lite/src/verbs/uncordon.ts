/** `kubectl uncordon NODE...`: clears `spec.unschedulable` (see cordon.ts). */
import type { Session } from '../session.js';
import { setUnschedulable } from './cordon.js';

export { flags } from './cordon.js';

export async function run(s: Session, args: string[]): Promise<number> {
  return (await setUnschedulable(s, args, false)).length ? 1 : 0;
}
