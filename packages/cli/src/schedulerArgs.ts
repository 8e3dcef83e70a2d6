/**
 * Parses `miniplane scheduler` command lines (the scheduler alone, against a running server).
 * Pure: returns data, prints nothing.
 */
import { scanFlags } from './controllersArgs.js';

export interface SchedulerArgs {
  kubeconfig?: string;
}

export const schedulerUsage = `Usage: miniplane scheduler [--kubeconfig PATH]

  Runs the scheduler against an existing server: binds pending pods (schedulerName unset or
  default-scheduler) to nodes through pods/binding.

  --kubeconfig PATH    the server to use (default $KUBECONFIG, then ~/.kube/config)
`;

export function parseSchedulerArgs(argv: string[]): SchedulerArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const out: SchedulerArgs = {};
  const error = scanFlags(argv, (flag, value) => {
    if (flag !== '--kubeconfig') return false;
    out.kubeconfig = value();
    return true;
  });
  return error ? { error } : out;
}
