// A small controller written with @kubernetes/client-node, the kind a user tests against
// miniplane: an informer on Services; every Service without the annotation
// `example.com/port-count` gets it, set to how many ports it has (and updated when that changes).
import { CoreV1Api, KubeConfig, makeInformer, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

export const annotation = 'example.com/port-count';

/** Starts the controller against the cluster a kubeconfig file names; resolves once it watches. */
export async function startServiceAnnotator(kubeconfigPath) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer(kc, '/api/v1/services', () => core.listServiceForAllNamespaces());
  const errors = [];
  let stopped = false;
  const reconcile = async (svc) => {
    const want = String(svc.spec?.ports?.length ?? 0);
    if (svc.metadata?.annotations?.[annotation] === want) return;
    await core.patchNamespacedService(
      { name: svc.metadata.name, namespace: svc.metadata.namespace, body: { metadata: { annotations: { [annotation]: want } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  };
  const handle = (svc) => reconcile(svc).catch((err) => errors.push(err));
  informer.on('add', handle);
  informer.on('update', handle);
  informer.on('error', (err) => {
    errors.push(err);
    // client-node's informers stop on an error; start again after a pause, as its docs advise.
    if (!stopped) setTimeout(() => stopped || informer.start().catch(() => {}), 200);
  });
  await informer.start();
  return {
    errors,
    stop: async () => {
      stopped = true;
      await informer.stop();
    },
  };
}
