/**
 * Parses `miniplane scheduler` command lines (the scheduler alone, against a running server).
 * Pure: returns data, prints nothing.
 */
import { parseBool, parseDuration, scanFlags } from './controllersArgs.js';

export interface SchedulerArgs {
  kubeconfig?: string;
  identity?: string;
  leaderElect?: boolean;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export const schedulerUsage = `Usage: miniplane scheduler [--kubeconfig PATH] [--identity ID] [--leader-elect=BOOL]
                           [--leader-elect-lease-duration D] [--leader-elect-renew-deadline D]
                           [--leader-elect-retry-period D]

  Runs the scheduler against an existing server: binds pending pods (schedulerName unset or
  default-scheduler) to nodes through pods/binding, while it holds the Lease
  kube-system/kube-scheduler (as kube-scheduler).

  --kubeconfig PATH    the server to use (default $KUBECONFIG, then ~/.kube/config)
  --identity ID        leader election identity (default HOSTNAME_UUID)
  --leader-elect=BOOL  campaign for the Lease before scheduling (default true)
  --leader-elect-lease-duration D, --leader-elect-renew-deadline D, --leader-elect-retry-period D
                       Go durations (defaults 15s, 10s, 2s)
`;

export function parseSchedulerArgs(argv: string[]): SchedulerArgs | { error: string } | { help: true } {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true };
  const out: SchedulerArgs = {};
  const error = scanFlags(argv, (flag, value, inline) => {
    if (flag === '--kubeconfig') out.kubeconfig = value();
    else if (flag === '--identity') out.identity = value();
    else if (flag === '--leader-elect') out.leaderElect = parseBool(flag, inline ?? 'true');
    else if (flag === '--leader-elect-lease-duration') out.leaseDurationMs = parseDuration(value());
    else if (flag === '--leader-elect-renew-deadline') out.renewDeadlineMs = parseDuration(value());
    else if (flag === '--leader-elect-retry-period') out.retryPeriodMs = parseDuration(value());
    else return false;
    return true;
  });
  return error ? { error } : out;
}
