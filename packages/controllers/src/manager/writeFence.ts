/**
 * FencedRestClient: the controller manager's own REST client, which can be fenced: from
 * `fence()` on, every write (POST, PUT, PATCH, DELETE) fails at once with `WritesFenced`, without
 * reaching the server; reads and watches go on. `fence()` resolves once every write sent before it
 * has been answered (succeeded or failed), so none of them can land later.
 *
 * Used by the in-process reset (`miniplane` package): the controllers of the old state are fenced,
 * the store is restored, and fresh controllers start over the restored state while the fenced ones
 * stop in the background. Whatever the old ones computed from their pre-reset caches can no longer
 * be written (their syncs fail and are dropped with them).
 */
import { RestClient, type HttpRequest } from '@miniplane/client';

/** A write refused because its client was fenced (its controllers belong to a state that was reset). */
export class WritesFenced extends Error {
  constructor(readonly method: string, readonly path: string) {
    super(`${method} ${path}: this controller manager was fenced (the server was reset); its writes are refused`);
  }
}

export class FencedRestClient extends RestClient {
  private fenced = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  override request<R>(req: HttpRequest): Promise<R> {
    if (req.method === 'GET') return super.request<R>(req);
    if (this.fenced) return Promise.reject(new WritesFenced(req.method, req.path));
    const p = super.request<R>(req);
    const settled = p.then(() => {}, () => {});
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return p;
  }

  /** True once `fence()` was called. */
  isFenced(): boolean {
    return this.fenced;
  }

  /** Refuses every later write; resolves when the writes already sent have been answered. */
  async fence(): Promise<void> {
    this.fenced = true;
    await Promise.all(this.inFlight);
  }
}
