/**
 * The public types of the in-process API (`startMiniplane`). Self-contained on purpose: the
 * installable package ships these declarations alone, so they import nothing from the workspace.
 * Public interface: names and meanings change only by adding.
 */

export interface MiniplaneOptions {
  /**
   * The in-process controllers: `true` (default) runs kube's default set, `false` none, or a
   * string in kube-controller-manager's `--controllers` form (`*,-nodelifecycle`, `endpointslice,serviceaccount`).
   */
  controllers?: boolean | string;
  /** Simulated nodes `node-1` ... `node-N` with their kubelets (default 0). */
  nodes?: number;
  /** The scheduler (default: on when there are nodes). */
  scheduler?: boolean;
  /** YAML files or directories (their `.yaml`/`.yml`/`.json` files, sorted) applied before the promise resolves. */
  manifests?: string | readonly string[];
  /** HTTPS with a CA made in memory and a bearer token (default false: plain HTTP on loopback). */
  tls?: boolean;
  /** With `tls`: more tokens, in kube-apiserver's static token CSV format. */
  tokenAuthFile?: string;
  /** Where the kubeconfig is written (default: a new temporary directory, removed by `stop()`). */
  dataDir?: string;
  /** The loopback port (default 0: a free one). */
  port?: number;
  /** `--service-cluster-ip-range` (default 10.96.0.0/12). */
  serviceClusterIPRange?: string;
  /** `--service-node-port-range` (default 30000-32767). */
  serviceNodePortRange?: string;
  /** The LoadBalancer controller's pool (default 198.51.100.0/24). */
  loadBalancerIPRange?: string;
  /** Cap every pod's graceful-deletion period at this many seconds. */
  gracePeriodSeconds?: number;
  /** The live view at `url + '/ui'` (default true; its files are loaded on the first request). */
  ui?: boolean;
  /**
   * Without `tls`, Host names answered besides IP addresses, `localhost` and `*.localhost`
   * (`--allowed-hosts`: `.NAME` for NAME and every name under it); other names get a 403, against
   * DNS rebinding. Ignored with `tls`.
   */
  allowedHosts?: readonly string[];
}

export interface Miniplane {
  /** The server's base URL, `http://127.0.0.1:PORT` (`https://` with `tls`). */
  url: string;
  /** The kubeconfig file it wrote (kubectl, client-node, the Python client use it unchanged). */
  kubeconfigPath: string;
  /** The same kubeconfig as YAML text. */
  kubeconfig: string;
  /** With `tls`: the CA certificate (PEM) and the admin bearer token the kubeconfig carries. */
  ca?: string;
  token?: string;
  /**
   * Back to the state the promise resolved with (the manifests applied): objects made since are
   * deleted, changed ones restored, deleted ones re-created; open watches end cleanly (a client
   * re-watches and sees the changes as events).
   */
  reset(): Promise<void>;
  /** Stops the server and everything in it; removes the temporary directory (idempotent). */
  stop(): Promise<void>;
}
