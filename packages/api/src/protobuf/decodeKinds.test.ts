import t from 'tap';
import { decodeKubeProtobuf } from './index.js';
import { concat, envelope, intOrString, objectMeta, pb, quantity, timestamp } from '../testing/protobufEncoder.js';

// 2024-05-06T07:08:09Z
const T = 1714979289;

/**
 * One case per kind the tables cover beyond what kubectl's captures exercise. Each body is written
 * the way Go's marshallers write it (zero scalars included where Go would), and `want` is the JSON
 * kube would produce for the same object.
 */
const cases = [
  {
    name: 'Pod: containers, env sources, resources, probes, volumes, security, status',
    apiVersion: 'v1',
    kind: 'Pod',
    raw: concat(
      pb.message(1, objectMeta({ name: 'web-0', namespace: 'default', labels: { app: 'web' } })),
      pb.message(
        2,
        pb.message(1, pb.string(1, 'config'), pb.message(2, pb.message(19, pb.message(1, pb.string(1, 'settings')), pb.message(2, pb.string(1, 'a'), pb.string(2, 'a.conf')), pb.varint(3, 420)))),
        pb.message(
          2,
          pb.string(1, 'nginx'),
          pb.string(2, 'nginx:1.27'),
          pb.string(3, 'nginx'),
          pb.string(3, '-g'),
          pb.message(6, pb.string(1, 'http'), pb.varint(2, 0), pb.varint(3, 80), pb.string(4, 'TCP'), pb.string(5, '')),
          pb.message(7, pb.string(1, 'MODE'), pb.string(2, 'prod')),
          pb.message(7, pb.string(1, 'LEVEL'), pb.string(2, ''), pb.message(3, pb.message(3, pb.message(1, pb.string(1, 'settings')), pb.string(2, 'level'), pb.varint(3, false)))),
          pb.message(8, pb.map(1, { cpu: quantity('500m') }), pb.map(2, { cpu: quantity('250m'), memory: quantity('64Mi') })),
          pb.message(9, pb.string(1, 'config'), pb.varint(2, true), pb.string(3, '/etc/nginx/conf.d'), pb.string(4, '')),
          pb.message(11, pb.message(1, pb.message(2, pb.string(1, '/healthz'), pb.message(2, intOrString('http')), pb.string(4, 'HTTP'))), pb.varint(2, 0), pb.varint(3, 1), pb.varint(4, 10)),
          pb.string(14, 'IfNotPresent'),
          pb.message(15, pb.varint(4, 0), pb.varint(5, true), pb.message(1, pb.string(2, 'ALL'))),
        ),
        pb.string(3, 'Always'),
        pb.varint(4, 30),
        pb.string(6, 'ClusterFirst'),
        pb.varint(11, false),
        pb.message(14),
        pb.message(22, pb.string(1, 'node.kubernetes.io/not-ready'), pb.string(2, 'Exists'), pb.string(3, ''), pb.string(4, 'NoExecute'), pb.varint(5, 300)),
      ),
      pb.message(
        3,
        pb.string(1, 'Running'),
        pb.message(2, pb.string(1, 'Ready'), pb.string(2, 'True'), pb.message(3), pb.message(4, timestamp(T))),
        pb.string(6, '10.244.0.5'),
        pb.message(12, pb.string(1, '10.244.0.5')),
        pb.message(7, timestamp(T, 999_999_999)),
        pb.message(8, pb.string(1, 'nginx'), pb.message(2, pb.message(2, pb.message(1, timestamp(T)))), pb.message(3), pb.varint(4, true), pb.varint(5, 0), pb.string(6, 'nginx:1.27'), pb.string(7, ''), pb.varint(9, true)),
        pb.string(9, 'Burstable'),
      ),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' } },
      spec: {
        volumes: [{ name: 'config', configMap: { name: 'settings', items: [{ key: 'a', path: 'a.conf' }], defaultMode: 420 } }],
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            command: ['nginx', '-g'],
            ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
            env: [
              { name: 'MODE', value: 'prod' },
              { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level', optional: false } } },
            ],
            resources: { limits: { cpu: '500m' }, requests: { cpu: '250m', memory: '64Mi' } },
            volumeMounts: [{ name: 'config', readOnly: true, mountPath: '/etc/nginx/conf.d' }],
            readinessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10 },
            imagePullPolicy: 'IfNotPresent',
            securityContext: { capabilities: { drop: ['ALL'] }, runAsUser: 0, runAsNonRoot: true },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: {},
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-05-06T07:08:09Z' }],
        podIP: '10.244.0.5',
        podIPs: [{ ip: '10.244.0.5' }],
        // Time keeps whole seconds only, as kube's Time does.
        startTime: '2024-05-06T07:08:09Z',
        containerStatuses: [
          { name: 'nginx', state: { running: { startedAt: '2024-05-06T07:08:09Z' } }, lastState: {}, ready: true, restartCount: 0, image: 'nginx:1.27', imageID: '', started: true },
        ],
        qosClass: 'Burstable',
      },
    },
  },
  {
    name: 'Endpoints: subsets, target references, ports',
    apiVersion: 'v1',
    kind: 'Endpoints',
    raw: concat(
      pb.message(1, objectMeta({ name: 'web', namespace: 'default' })),
      pb.message(
        2,
        pb.message(1, pb.string(1, '10.244.0.5'), pb.string(3, ''), pb.string(4, 'node-a'), pb.message(2, pb.string(1, 'Pod'), pb.string(2, 'default'), pb.string(3, 'web-0'), pb.string(4, 'uid-1'))),
        pb.message(2, pb.string(1, '10.244.0.6')),
        pb.message(3, pb.string(1, 'http'), pb.varint(2, 8080), pb.string(3, 'TCP')),
      ),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default' },
      subsets: [
        {
          addresses: [{ ip: '10.244.0.5', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'uid-1' } }],
          notReadyAddresses: [{ ip: '10.244.0.6' }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    },
  },
  {
    name: 'EndpointSlice: pointer conditions keep false, hints, ports',
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    raw: concat(
      pb.message(1, objectMeta({ name: 'web-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } })),
      pb.string(4, 'IPv4'),
      pb.message(2, pb.string(1, '10.244.0.5'), pb.message(2, pb.varint(1, false), pb.varint(2, true), pb.varint(3, true)), pb.string(6, 'node-a'), pb.string(7, 'z1'), pb.message(8, pb.message(1, pb.string(1, 'z1')))),
      pb.message(3, pb.string(1, ''), pb.string(2, 'TCP'), pb.varint(3, 8080)),
    ),
    want: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.0.5'], conditions: { ready: false, serving: true, terminating: true }, nodeName: 'node-a', zone: 'z1', hints: { forZones: [{ name: 'z1' }] } }],
      // name is a *string in discovery/v1: the empty name the controller sets is kept.
      ports: [{ name: '', protocol: 'TCP', port: 8080 }],
    },
  },
  {
    name: 'Lease: MicroTime keeps microseconds, pointer zeros survive',
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    raw: concat(
      pb.message(1, objectMeta({ name: 'kube-controller-manager', namespace: 'kube-system' })),
      pb.message(2, pb.string(1, 'cm-1'), pb.varint(2, 15), pb.message(3, timestamp(T, 123_456_789)), pb.message(4, timestamp(T + 1)), pb.varint(5, 0)),
    ),
    want: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kube-controller-manager', namespace: 'kube-system' },
      spec: { holderIdentity: 'cm-1', leaseDurationSeconds: 15, acquireTime: '2024-05-06T07:08:09.123456Z', renewTime: '2024-05-06T07:08:10.000000Z', leaseTransitions: 0 },
    },
  },
  {
    name: 'Event: involved object, source, times, series',
    apiVersion: 'v1',
    kind: 'Event',
    raw: concat(
      pb.message(1, objectMeta({ name: 'web-0.17c', namespace: 'default' })),
      pb.message(2, pb.string(1, 'Pod'), pb.string(2, 'default'), pb.string(3, 'web-0'), pb.string(5, 'v1')),
      pb.string(3, 'Scheduled'),
      pb.string(4, 'Successfully assigned default/web-0 to node-a'),
      pb.message(5, pb.string(1, 'default-scheduler')),
      pb.message(6, timestamp(T)),
      pb.message(7, timestamp(T)),
      pb.varint(8, 1),
      pb.string(9, 'Normal'),
      pb.message(10),
      pb.message(11, pb.varint(1, 2), pb.message(2, timestamp(T, 5_000))),
      pb.string(14, ''),
      pb.string(15, ''),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-0.17c', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', apiVersion: 'v1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-0 to node-a',
      source: { component: 'default-scheduler' },
      firstTimestamp: '2024-05-06T07:08:09Z',
      lastTimestamp: '2024-05-06T07:08:09Z',
      count: 1,
      type: 'Normal',
      series: { count: 2, lastObservedTime: '2024-05-06T07:08:09.000005Z' },
      // reportingComponent has no omitempty in Go: kube writes "" too.
      reportingComponent: '',
      reportingInstance: '',
    },
  },
  {
    name: 'Node: taints, capacity, addresses, conditions, node info',
    apiVersion: 'v1',
    kind: 'Node',
    raw: concat(
      pb.message(1, objectMeta({ name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } })),
      pb.message(2, pb.string(1, '10.244.0.0/24'), pb.string(7, '10.244.0.0/24'), pb.varint(4, true), pb.message(5, pb.string(1, 'dedicated'), pb.string(2, 'infra'), pb.string(3, 'NoSchedule'))),
      pb.message(
        3,
        pb.map(1, { cpu: quantity('4'), memory: quantity('8Gi') }),
        pb.message(4, pb.string(1, 'Ready'), pb.string(2, 'True'), pb.message(3, timestamp(T)), pb.message(4, timestamp(T)), pb.string(5, 'KubeletReady'), pb.string(6, 'kubelet is posting ready status')),
        pb.message(5, pb.string(1, 'InternalIP'), pb.string(2, '192.168.1.10')),
        pb.message(6, pb.message(1, pb.varint(1, 10250))),
        pb.message(7, pb.string(1, 'm'), pb.string(2, 's'), pb.string(3, 'b'), pb.string(4, '6.1'), pb.string(5, 'Debian'), pb.string(6, 'containerd://1.7'), pb.string(7, 'v1.32.4'), pb.string(8, ''), pb.string(9, 'linux'), pb.string(10, 'amd64')),
      ),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } },
      spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], unschedulable: true, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] },
      status: {
        capacity: { cpu: '4', memory: '8Gi' },
        conditions: [
          { type: 'Ready', status: 'True', lastHeartbeatTime: '2024-05-06T07:08:09Z', lastTransitionTime: '2024-05-06T07:08:09Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        addresses: [{ type: 'InternalIP', address: '192.168.1.10' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: 'm',
          systemUUID: 's',
          bootID: 'b',
          kernelVersion: '6.1',
          osImage: 'Debian',
          containerRuntimeVersion: 'containerd://1.7',
          kubeletVersion: 'v1.32.4',
          kubeProxyVersion: '',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    },
  },
  {
    name: 'Service: session affinity, IP family policy, load balancer status',
    apiVersion: 'v1',
    kind: 'Service',
    raw: concat(
      pb.message(1, objectMeta({ name: 'web', namespace: 'default' })),
      pb.message(
        2,
        pb.message(1, pb.string(1, 'https'), pb.string(2, 'TCP'), pb.string(6, 'kubernetes.io/h2c'), pb.varint(3, 443), pb.message(4, intOrString(8443)), pb.varint(5, 0)),
        pb.map(2, { app: 'web' }),
        pb.string(4, 'LoadBalancer'),
        pb.string(7, 'ClientIP'),
        pb.message(14, pb.message(1, pb.varint(1, 10800))),
        pb.string(19, 'IPv4'),
        pb.string(17, 'SingleStack'),
        pb.varint(20, false),
        pb.varint(13, false),
      ),
      pb.message(3, pb.message(1, pb.message(1, pb.string(1, '203.0.113.7'), pb.string(2, ''), pb.string(3, 'VIP')))),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        ports: [{ name: 'https', protocol: 'TCP', appProtocol: 'kubernetes.io/h2c', port: 443, targetPort: 8443 }],
        selector: { app: 'web' },
        type: 'LoadBalancer',
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        allocateLoadBalancerNodePorts: false,
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.7', ipMode: 'VIP' }] } },
    },
  },
  {
    name: 'ReplicaSet: owner references, managed fields with FieldsV1',
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    raw: concat(
      pb.message(
        1,
        objectMeta({ name: 'web-5d4f', namespace: 'default' }),
        pb.varint(7, 2 ** 40),
        pb.message(13, pb.string(1, 'Deployment'), pb.string(3, 'web'), pb.string(4, 'uid-d'), pb.string(5, 'apps/v1'), pb.varint(6, true), pb.varint(7, true)),
        pb.message(17, pb.string(1, 'kube-controller-manager'), pb.string(2, 'Update'), pb.string(3, 'apps/v1'), pb.message(4, timestamp(T)), pb.string(6, 'FieldsV1'), pb.message(7, pb.string(1, '{"f:spec":{"f:replicas":{}}}'))),
      ),
      pb.message(2, pb.varint(1, 3), pb.message(2, pb.map(1, { app: 'web' })), pb.message(3, pb.message(1, objectMeta({ name: '', labels: { app: 'web' } })), pb.message(2))),
      pb.message(3, pb.varint(1, 0), pb.varint(3, 1)),
    ),
    want: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d4f',
        namespace: 'default',
        generation: 2 ** 40,
        ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'uid-d', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: true }],
        managedFields: [
          { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: '2024-05-06T07:08:09Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
        ],
      },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: {} } },
      // status.replicas has no omitempty in Go.
      status: { replicas: 0, observedGeneration: 1 },
    },
  },
  {
    name: 'Scale: replicas 0 is explicit',
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    raw: concat(pb.message(1, objectMeta({ name: 'web', namespace: 'default' })), pb.message(2, pb.varint(1, 0)), pb.message(3, pb.varint(1, 3), pb.string(2, 'app=web'))),
    want: {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 0 },
      status: { replicas: 3, selector: 'app=web' },
    },
  },
  {
    name: 'ServiceCIDR: cidrs and meta/v1 conditions',
    apiVersion: 'networking.k8s.io/v1',
    kind: 'ServiceCIDR',
    raw: concat(
      pb.message(1, objectMeta({ name: 'kubernetes' })),
      pb.message(2, pb.string(1, '10.96.0.0/12'), pb.string(1, 'fd00::/108')),
      pb.message(3, pb.message(1, pb.string(1, 'Ready'), pb.string(2, 'True'), pb.varint(3, 0), pb.message(4, timestamp(T)), pb.string(5, 'Ready'), pb.string(6, ''))),
    ),
    want: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'ServiceCIDR',
      metadata: { name: 'kubernetes' },
      spec: { cidrs: ['10.96.0.0/12', 'fd00::/108'] },
      status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-05-06T07:08:09Z', reason: 'Ready', message: '' }] },
    },
  },
  {
    name: 'IPAddress: parent reference',
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    raw: concat(pb.message(1, objectMeta({ name: '10.96.0.10' })), pb.message(2, pb.message(1, pb.string(1, ''), pb.string(2, 'services'), pb.string(3, 'kube-system'), pb.string(4, 'kube-dns')))),
    want: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IPAddress',
      metadata: { name: '10.96.0.10' },
      spec: { parentRef: { resource: 'services', namespace: 'kube-system', name: 'kube-dns' } },
    },
  },
  {
    name: 'DeleteOptions under v1: pointer zeros survive',
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    raw: concat(pb.varint(1, 0), pb.message(2, pb.string(1, 'uid-1'), pb.string(2, '42')), pb.string(4, 'Foreground'), pb.string(5, 'All')),
    want: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: 'uid-1', resourceVersion: '42' }, propagationPolicy: 'Foreground', dryRun: ['All'] },
  },
  {
    // DeleteOptions is registered in every group version, and in meta.k8s.io/v1 itself.
    name: 'DeleteOptions under meta.k8s.io/v1',
    apiVersion: 'meta.k8s.io/v1',
    kind: 'DeleteOptions',
    raw: pb.varint(3, true),
    want: { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', orphanDependents: true },
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const got = decodeKubeProtobuf(envelope(c.apiVersion, c.kind, c.raw));
    t.strictSame(got.object, c.want);
    t.equal(got.apiVersion, c.apiVersion);
    t.equal(got.kind, c.kind);
  });
}
