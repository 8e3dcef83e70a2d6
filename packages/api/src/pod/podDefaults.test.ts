import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import type { KubeObject } from '../types.js';
import { defaultPod, defaultPodSpec, defaultPodTemplate } from './podDefaults.js';

type Obj = Record<string, unknown>;

/** What SetDefaults_PodSpec gives an empty PodSpec. */
const specDefaults = { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' };
/** What a container with image nginx:1.26 gets. */
const containerDefaults = { imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
const container = (o: Obj = {}) => ({ name: 'c', image: 'nginx:1.26', ...o });
const probeDefaults = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

t.test('defaultPodSpec', async (t) => {
  const cases: Array<{ name: string; given: unknown; want: Obj }> = [
    { name: 'empty spec', given: {}, want: specDefaults },
    // A JSON null is Go's zero value: defaulted like an absent field.
    { name: 'nulls', given: { dnsPolicy: null, restartPolicy: '', securityContext: null, terminationGracePeriodSeconds: null, schedulerName: null }, want: specDefaults },
    // 0 is a given grace period (delete at once), not "unset".
    { name: 'given values kept', given: { dnsPolicy: 'Default', restartPolicy: 'Never', securityContext: { runAsUser: 1 }, terminationGracePeriodSeconds: 0, schedulerName: 'mine' }, want: { dnsPolicy: 'Default', restartPolicy: 'Never', securityContext: { runAsUser: 1 }, terminationGracePeriodSeconds: 0, schedulerName: 'mine' } },
    // A spec that is not an object (null) is Go's empty struct.
    { name: 'null spec', given: null, want: specDefaults },
    { name: 'container defaults', given: { containers: [container()] }, want: { ...specDefaults, containers: [{ ...container(), ...containerDefaults }] } },
    { name: 'latest and untagged images pull Always', given: { containers: [container({ image: 'nginx' }), container({ image: 'nginx:latest' })] }, want: { ...specDefaults, containers: [{ ...container({ image: 'nginx' }), ...containerDefaults, imagePullPolicy: 'Always' }, { ...container({ image: 'nginx:latest' }), ...containerDefaults, imagePullPolicy: 'Always' }] } },
    { name: 'given container fields kept', given: { containers: [container({ imagePullPolicy: 'Never', terminationMessagePath: '/x', terminationMessagePolicy: 'FallbackToLogsOnError' })] }, want: { ...specDefaults, containers: [container({ imagePullPolicy: 'Never', terminationMessagePath: '/x', terminationMessagePolicy: 'FallbackToLogsOnError' })] } },
    {
      name: 'init and ephemeral containers too',
      given: { initContainers: [container()], ephemeralContainers: [container()] },
      want: { ...specDefaults, initContainers: [{ ...container(), ...containerDefaults }], ephemeralContainers: [{ ...container(), ...containerDefaults }] },
    },
    {
      name: 'ports get TCP',
      given: { containers: [container({ ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] })] },
      want: { ...specDefaults, containers: [{ ...container(), ...containerDefaults, ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }] }] },
    },
    {
      name: 'probes and handlers',
      given: { containers: [container({ readinessProbe: { httpGet: { port: 80 } }, livenessProbe: { grpc: { port: 9 }, periodSeconds: 5 }, startupProbe: { tcpSocket: { port: 80 } }, lifecycle: { preStop: { httpGet: { port: 8080, path: '/stop' } } } })] },
      want: {
        ...specDefaults,
        containers: [{
          ...container(), ...containerDefaults,
          readinessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, ...probeDefaults },
          livenessProbe: { grpc: { port: 9, service: '' }, ...probeDefaults, periodSeconds: 5 },
          startupProbe: { tcpSocket: { port: 80 }, ...probeDefaults },
          lifecycle: { preStop: { httpGet: { port: 8080, path: '/stop', scheme: 'HTTP' } } },
        }],
      },
    },
    {
      name: 'env fieldRef apiVersion',
      given: { containers: [container({ env: [{ name: 'A', value: 'a' }, { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] })] },
      want: { ...specDefaults, containers: [{ ...container(), ...containerDefaults, env: [{ name: 'A', value: 'a' }, { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } }] }] },
    },
    {
      name: 'volumes',
      given: { volumes: [{ name: 'none' }, { name: 's', secret: { secretName: 's' } }, { name: 'c', configMap: { name: 'c', defaultMode: 256 } }, { name: 'h', hostPath: { path: '/x' } }, { name: 'p', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } }] },
      want: {
        ...specDefaults,
        volumes: [
          { name: 'none', emptyDir: {} },
          { name: 's', secret: { secretName: 's', defaultMode: 420 } },
          { name: 'c', configMap: { name: 'c', defaultMode: 256 } },
          { name: 'h', hostPath: { path: '/x', type: '' } },
          { name: 'p', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }] } }] } },
        ],
      },
    },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(defaultPodSpec(deepFreeze(c.given)), c.want));
});

t.test('defaultPod adds what only pods get', async (t) => {
  const pod = (spec: Obj) => deepFreeze({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }) as KubeObject;
  const cases: Array<{ name: string; given: Obj; want: Obj }> = [
    { name: 'enableServiceLinks', given: {}, want: { ...specDefaults, enableServiceLinks: true } },
    { name: 'enableServiceLinks false kept', given: { enableServiceLinks: false }, want: { ...specDefaults, enableServiceLinks: false } },
    {
      name: 'requests from limits',
      given: { containers: [container({ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } })] },
      want: { ...specDefaults, enableServiceLinks: true, containers: [{ ...container(), ...containerDefaults, resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } } }] },
    },
    // Empty limits make an empty requests map, which Go does not encode.
    { name: 'empty limits', given: { containers: [container({ resources: { limits: {} } })] }, want: { ...specDefaults, enableServiceLinks: true, containers: [{ ...container(), ...containerDefaults, resources: { limits: {} } }] } },
    {
      name: 'hostNetwork ports',
      given: { hostNetwork: true, containers: [container({ ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 9000 }] })] },
      want: { ...specDefaults, hostNetwork: true, enableServiceLinks: true, containers: [{ ...container(), ...containerDefaults, ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }, { containerPort: 81, hostPort: 9000, protocol: 'TCP' }] }] },
    },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(defaultPod(pod(c.given)).spec, c.want));
});

t.test('defaultPodTemplate gives the PodSpec defaults only', async (t) => {
  t.strictSame(defaultPodTemplate(deepFreeze({ metadata: { labels: { a: 'b' } }, spec: { containers: [container()] } })), {
    metadata: { labels: { a: 'b' } }, spec: { ...specDefaults, containers: [{ ...container(), ...containerDefaults }] },
  });
  // A missing template is Go's empty struct, defaulted all the same.
  t.strictSame(defaultPodTemplate(undefined), { spec: specDefaults });
});
