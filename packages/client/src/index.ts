/**
 * @miniplane/client: everything controllers and kubectl-lite need to reach the apiserver
 * through its HTTP API, plus client-go's machinery for caching and queueing.
 *
 *   RestClient ── ResourceClient<T> ── listWatch ── Reflector ── IndexedStore
 *                                                     └── SharedInformer ── handlers
 *   SharedInformerFactory: one SharedInformer per resource and scope, shared in a process
 *   WorkQueue ⊂ DelayingWorkQueue ⊂ RateLimitingWorkQueue (RateLimiter)
 *   LeaderElector (Lease)
 */
export * from './clock.js';
export * from './backoff.js';
export * from './logger.js';
export * from './statusError.js';
export * from './httpRequest.js';
export * from './restClient.js';
export * from './resourceClient.js';
export * from './watchStream.js';
export * from './kubeconfig.js';
export * from './store.js';
export * from './reflector.js';
export * from './processorListener.js';
export * from './sharedInformer.js';
export * from './sharedInformerFactory.js';
export * from './stripManagedFields.js';
export * from './workQueue.js';
export * from './workQueueMetrics.js';
export * from './delayingQueue.js';
export * from './rateLimiter.js';
export * from './rateLimitingQueue.js';
export * from './leaderElection.js';
