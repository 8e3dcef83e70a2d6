/**
 * @miniplane/controllers: the controllers of the Service control plane, reaching the apiserver
 * only through its HTTP API (@miniplane/client).
 *
 *   startControllers ── leader election (Lease kube-system/miniplane-controllers)
 *        └─ per term: the controllers --controllers selects (manager/descriptors.ts) over the
 *           informers they declare (manager/informerFactory.ts), each a WorkQueueController
 *           (workQueueController.ts: handlers → work queue → workers → sync(key))
 *             ├─ RepairController        planRepair        → IPAddress creates/deletes, Events
 *             ├─ LoadBalancerController  planLoadBalancer  → Service /status patches, Events
 *             ├─ ServiceCIDRController   planServiceCIDR   → ServiceCIDR finalizers, Ready condition
 *             ├─ EndpointSliceMirroringController  planMirroring  → EndpointSlices of selector-less Services, Events
 *             ├─ NodeIPAMController      planNodeIPAM      → Node spec.podCIDR(s), Events
 *             ├─ EndpointSliceController  planEndpointSlices → EndpointSlices of Services with a selector, Events
 *             ├─ EndpointsController      planEndpoints   → v1 Endpoints of Services with a selector
 *             └─ ReplicaSetController    planReplicaSet    → Pods (create, delete, adopt, release), RS status, Events
 */
export * from './manager.js';
export * from './manager/controllerSelection.js';
export * from './manager/descriptors.js';
export * from './manager/informerFactory.js';
export * from './manager/writeFence.js';
export * from './eventRecorder.js';
export * from './workerLoop.js';
export * from './workQueueController.js';
export * from './serviceOrder.js';
export * from './repair/repairPlan.js';
export * from './repair/controller.js';
export * from './loadBalancer/loadBalancerPlan.js';
export * from './loadBalancer/controller.js';
export * from './serviceCIDR/serviceCIDRPlan.js';
export * from './serviceCIDR/controller.js';
export * from './endpointSliceMirroring/endpointTypes.js';
export * from './endpointSliceMirroring/mirrorPlan.js';
export * from './endpointSliceMirroring/controller.js';
export * from './nodeIpam/nodeIpamPlan.js';
export * from './nodeIpam/controller.js';
export * from './replicaSet/replicaSetTypes.js';
export * from './replicaSet/podOrder.js';
export * from './replicaSet/replicaSetPlan.js';
export * from './replicaSet/expectations.js';
export * from './replicaSet/controller.js';
export * from './manager/leaderElected.js';
export * from './endpointSlice/sliceReconciler.js';
export * from './endpointSlice/podEndpoints.js';
export * from './endpointSlice/endpointSlicePlan.js';
export * from './endpointSlice/controller.js';
export * from './endpointSlice/metrics.js';
export * from './prometheusWorkQueueMetrics.js';
export * from './endpoints/endpointsPlan.js';
export * from './endpoints/controller.js';
export * from './podGc/podGcPlan.js';
export * from './podGc/controller.js';
