/**
 * The kubectl-lite error catalogue and kubectl's way of reporting errors.
 *
 * Contract: every failure a verb raises is one of these classes or an `ApiError` rebuilt from the
 * server's Status (`@miniplane/client`'s statusError). `errorText(e)` words it exactly as kubectl's
 * `cmdutil.CheckErr` does (`Error from server (NotFound): ...`, `The Service "x" is invalid: ...`,
 * `error: ...`, the refused-connection sentence); the exit code is kubectl's (1, or the code a
 * `CliError` carries).
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (checkErr, StandardErrorMessage)
 */

/** An error kubectl prints as `error: <message>` (exit 1 unless `exitCode` says otherwise). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** A bad command line: kubectl adds the `See 'kubectl <verb> --help' for usage.` line. */
export class UsageError extends CliError {
  override name = 'UsageError';
  /** cobra's own flag errors start `Error:`, kubectl's `error:`. */
  constructor(message: string, readonly verb: string, readonly prefix = 'error') {
    super(message);
  }
}

/** An error whose text is already complete (printed verbatim, no `error: ` prefix). */
export class RawError extends CliError {
  override name = 'RawError';
}

/** The server has no resource type for what the user typed. */
export class UnknownResourceType extends CliError {
  override name = 'UnknownResourceType';
  constructor(readonly resource: string) {
    super(`the server doesn't have a resource type "${resource}"`);
  }
}

interface StatusLike {
  code: number;
  reason: string;
  message: string;
  details?: { name?: string; kind?: string; causes?: { field?: string; message?: string }[] };
}

function isApiError(e: unknown): e is Error & StatusLike {
  return e instanceof Error && typeof (e as Partial<StatusLike>).code === 'number' && typeof (e as Partial<StatusLike>).reason === 'string';
}

/** Node's socket errors that mean the server could not be reached (not every `E...` code does). */
const networkCodes = new Set(['ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EPROTO', 'ECONNABORTED']);

function transportText(e: Error & { code?: unknown; address?: string; port?: number }, server: string): string | undefined {
  if (e.code === 'ECONNREFUSED') {
    let host = server;
    try {
      host = new URL(server).host;
    } catch {
      // an unparsable server is printed as given
    }
    return `The connection to the server ${host} was refused - did you specify the right host or port?`;
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)`;
  if (typeof e.code === 'string' && (networkCodes.has(e.code) || /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code))) return `Unable to connect to the server: ${e.message}`;
  return undefined;
}

/** The complete stderr text kubectl prints for `e` (ends with a newline). */
export function errorText(e: unknown, server = ''): string {
  let text: string;
  if (isApiError(e)) text = apiErrorText(e);
  else if (e instanceof UsageError) text = `${e.prefix}: ${e.message}\nSee 'kubectl ${e.verb} --help' for usage.`;
  else if (e instanceof RawError) text = e.message;
  else if (e instanceof CliError) text = e.message.startsWith('error: ') ? e.message : `error: ${e.message}`;
  else if (e instanceof Error) text = transportText(e, server) ?? `error: ${e.message}`;
  else text = `error: ${String(e)}`;
  return text.endsWith('\n') ? text : text + '\n';
}

function apiErrorText(e: StatusLike): string {
  if (e.reason === 'Invalid' && e.code === 422) {
    const d = e.details;
    const prefix = d ? `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid: ` : 'The request is invalid: ';
    const causes = (d?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
    if (causes.length === 1) return prefix + causes[0];
    if (causes.length > 1) return `${prefix}\n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  if (e.reason === 'Unauthorized') return `error: You must be logged in to the server (${e.message})`;
  return e.reason ? `Error from server (${e.reason}): ${e.message}` : `Error from server: ${e.message}`;
}

/**
 * Runs `fn` on each item in turn, as kubectl runs a verb over several objects: a failure is printed
 * in kubectl's words (errorText) and the others still run. Returns the exit code: 1 if any failed.
 */
export async function eachReported<T>(items: Iterable<T>, io: { err(text: string): void }, server: string, fn: (item: T) => Promise<void>): Promise<number> {
  let code = 0;
  for (const item of items) {
    try {
      await fn(item);
    } catch (e: unknown) {
      code = 1;
      io.err(errorText(e, server));
    }
  }
  return code;
}

/** kubectl's exit code for `e`. */
export function exitCodeOf(e: unknown): number {
  return e instanceof CliError ? e.exitCode : 1;
}
