/**
 * Container (core/v1) and what hangs off it: ports, env, resources, probes, lifecycle hooks,
 * security context, volume mounts. Deep enough that kubectl's strategic-merge diff never has to
 * look a key up inside an undescribed object: open objects here only ever hold scalars.
 * Patch keys: ports by containerPort, env by name, volumeMounts by mountPath, volumeDevices by devicePath.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (Container and friends)
 */
import { bool, core, int32, int64, intOrString, list, obj, open, quantity, quantityMap, ref, str, strList, type Definitions, type Schema } from './schema.js';

const probeDoc = (what: string) => `${what} More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes`;

const containerFields: Record<string, Schema> = {
  args: strList('Arguments to the entrypoint. The container image\'s CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell'),
  command: strList("Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
  env: list(core('EnvVar'), 'List of environment variables to set in the container. Cannot be updated.', { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
  envFrom: list(core('EnvFromSource'), 'List of sources to populate environment variables in the container. The keys defined within a source must be a C_IDENTIFIER. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.', { listType: 'atomic' }),
  image: str('Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.'),
  imagePullPolicy: str('Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images', { enum: ['Always', 'IfNotPresent', 'Never'] }),
  lifecycle: ref(core('Lifecycle'), 'Actions that the management system should take in response to container lifecycle events. Cannot be updated.'),
  livenessProbe: ref(core('Probe'), probeDoc('Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated.')),
  name: str('Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.', { default: '' }),
  ports: list(core('ContainerPort'), 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.', { listType: 'map', mapKeys: ['containerPort', 'protocol'], mergeKey: 'containerPort' }),
  readinessProbe: ref(core('Probe'), probeDoc('Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated.')),
  resizePolicy: list(core('ContainerResizePolicy'), 'Resources resize policy for the container.', { listType: 'atomic' }),
  resources: ref(core('ResourceRequirements'), 'Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/', { default: {} }),
  restartPolicy: str('RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always".'),
  securityContext: ref(core('SecurityContext'), 'SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
  startupProbe: ref(core('Probe'), probeDoc('StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. Cannot be updated.')),
  stdin: bool('Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.'),
  stdinOnce: bool('Whether the container runtime should close the stdin channel after it has been opened by a single attach. Default is false'),
  terminationMessagePath: str("Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Defaults to /dev/termination-log. Cannot be updated."),
  terminationMessagePolicy: str('Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. Defaults to File. Cannot be updated.', { enum: ['FallbackToLogsOnError', 'File'] }),
  tty: bool("Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false."),
  volumeDevices: list(core('VolumeDevice'), 'volumeDevices is the list of block devices to be used by the container.', { listType: 'map', mapKeys: ['devicePath'], mergeKey: 'devicePath' }),
  volumeMounts: list(core('VolumeMount'), "Pod volumes to mount into the container's filesystem. Cannot be updated.", { listType: 'map', mapKeys: ['mountPath'], mergeKey: 'mountPath' }),
  workingDir: str("Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated."),
};

const keySelector = (what: string) =>
  obj(
    `Selects a key from a ${what}.`,
    {
      key: str(`The key to select.`, { default: '' }),
      name: str('Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names', { default: '' }),
      optional: bool(`Specify whether the ${what} or its key must be defined`),
    },
    { required: ['key'], mapType: 'atomic' },
  );

const handler = (description: string, sleep: boolean): Schema =>
  obj(description, {
    exec: ref(core('ExecAction'), 'Exec specifies a command to execute in the container.'),
    httpGet: ref(core('HTTPGetAction'), 'HTTPGet specifies an HTTP GET request to perform.'),
    ...(sleep ? { sleep: ref(core('SleepAction'), 'Sleep represents a duration that the container should sleep.') } : {}),
    tcpSocket: ref(core('TCPSocketAction'), 'TCPSocket specifies a connection to a TCP port.'),
  });

export const containerDefinitions: Definitions = {
  [core('Container')]: obj('A single application container that you want to run within a pod.', containerFields, { required: ['name'] }),
  [core('EphemeralContainer')]: obj(
    'An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.',
    { ...containerFields, targetContainerName: str('If set, the name of the container from PodSpec that this ephemeral container targets.') },
    { required: ['name'] },
  ),
  [core('ContainerPort')]: obj(
    'ContainerPort represents a network port in a single container.',
    {
      containerPort: int32("Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.", { default: 0 }),
      hostIP: str('What host IP to bind the external port to.'),
      hostPort: int32('Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this.'),
      name: str('If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.'),
      protocol: str('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".', { default: 'TCP', enum: ['SCTP', 'TCP', 'UDP'] }),
    },
    { required: ['containerPort'] },
  ),
  [core('EnvVar')]: obj(
    'EnvVar represents an environment variable present in a Container.',
    {
      name: str('Name of the environment variable. Must be a C_IDENTIFIER.', { default: '' }),
      value: str('Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. Defaults to "".'),
      valueFrom: ref(core('EnvVarSource'), "Source for the environment variable's value. Cannot be used if value is not empty."),
    },
    { required: ['name'] },
  ),
  [core('EnvVarSource')]: obj("EnvVarSource represents a source for the value of an EnvVar.", {
    configMapKeyRef: ref(core('ConfigMapKeySelector'), 'Selects a key of a ConfigMap.'),
    fieldRef: ref(core('ObjectFieldSelector'), "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs."),
    resourceFieldRef: ref(core('ResourceFieldSelector'), 'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.'),
    secretKeyRef: ref(core('SecretKeySelector'), "Selects a key of a secret in the pod's namespace"),
  }),
  [core('ConfigMapKeySelector')]: keySelector('ConfigMap'),
  [core('SecretKeySelector')]: keySelector('Secret'),
  [core('ObjectFieldSelector')]: obj(
    'ObjectFieldSelector selects an APIVersioned field of an object.',
    { apiVersion: str('Version of the schema the FieldPath is written in terms of, defaults to "v1".'), fieldPath: str('Path of the field to select in the specified API version.', { default: '' }) },
    { required: ['fieldPath'], mapType: 'atomic' },
  ),
  [core('ResourceFieldSelector')]: obj(
    'ResourceFieldSelector represents container resources (cpu, memory) and their output format',
    {
      containerName: str('Container name: required for volumes, optional for env vars'),
      divisor: ref(quantity, 'Specifies the output format of the exposed resources, defaults to "1"'),
      resource: str('Required: resource to select', { default: '' }),
    },
    { required: ['resource'], mapType: 'atomic' },
  ),
  [core('EnvFromSource')]: obj('EnvFromSource represents the source of a set of ConfigMaps or Secrets', {
    configMapRef: ref(core('ConfigMapEnvSource'), 'The ConfigMap to select from'),
    prefix: str('Optional text to prepend to the name of each environment variable. Must be a C_IDENTIFIER.'),
    secretRef: ref(core('SecretEnvSource'), 'The Secret to select from'),
  }),
  [core('ConfigMapEnvSource')]: open("ConfigMapEnvSource selects a ConfigMap to populate the environment variables with: name and optional."),
  [core('SecretEnvSource')]: open('SecretEnvSource selects a Secret to populate the environment variables with: name and optional.'),
  [core('ResourceRequirements')]: obj('ResourceRequirements describes the compute resource requirements.', {
    claims: list(core('ResourceClaim'), 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.', { listType: 'map', mapKeys: ['name'] }),
    limits: quantityMap('Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
    requests: quantityMap('Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
  }),
  [core('ResourceClaim')]: open('ResourceClaim references one entry in PodSpec.ResourceClaims: name and request.'),
  [core('ContainerResizePolicy')]: open('ContainerResizePolicy represents resource resize policy for the container: resourceName and restartPolicy.'),
  [core('VolumeMount')]: obj(
    'VolumeMount describes a mounting of a Volume within a container.',
    {
      mountPath: str("Path within the container at which the volume should be mounted.  Must not contain ':'.", { default: '' }),
      mountPropagation: str('mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used.'),
      name: str('This must match the Name of a Volume.', { default: '' }),
      readOnly: bool('Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'),
      recursiveReadOnly: str('RecursiveReadOnly specifies whether read-only mounts should be handled recursively.'),
      subPath: str("Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."),
      subPathExpr: str("Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment."),
    },
    { required: ['name', 'mountPath'] },
  ),
  [core('VolumeDevice')]: obj(
    'volumeDevice describes a mapping of a raw block device within a container.',
    { devicePath: str('devicePath is the path inside of the container that the device will be mapped to.', { default: '' }), name: str('name must match the name of a persistentVolumeClaim in the pod', { default: '' }) },
    { required: ['name', 'devicePath'] },
  ),
  [core('Probe')]: obj('Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.', {
    exec: ref(core('ExecAction'), 'Exec specifies a command to execute in the container.'),
    failureThreshold: int32('Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.'),
    grpc: ref(core('GRPCAction'), 'GRPC specifies a GRPC HealthCheckRequest.'),
    httpGet: ref(core('HTTPGetAction'), 'HTTPGet specifies an HTTP GET request to perform.'),
    initialDelaySeconds: int32(probeDoc('Number of seconds after the container has started before liveness probes are initiated.')),
    periodSeconds: int32('How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.'),
    successThreshold: int32('Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.'),
    tcpSocket: ref(core('TCPSocketAction'), 'TCPSocket specifies a connection to a TCP port.'),
    terminationGracePeriodSeconds: int64('Optional duration in seconds the pod needs to terminate gracefully upon probe failure.'),
    timeoutSeconds: int32(probeDoc('Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.')),
  }),
  [core('ExecAction')]: obj('ExecAction describes a "run in container" action.', {
    command: strList("Command is the command line to execute inside the container, the working directory for the command  is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell, so traditional shell instructions ('|', etc) won't work. To use a shell, you need to explicitly call out to that shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy."),
  }),
  [core('HTTPGetAction')]: obj(
    'HTTPGetAction describes an action based on HTTP Get requests.',
    {
      host: str('Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.'),
      httpHeaders: list(core('HTTPHeader'), 'Custom headers to set in the request. HTTP allows repeated headers.', { listType: 'atomic' }),
      path: str('Path to access on the HTTP server.'),
      port: ref(intOrString, 'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'),
      scheme: str('Scheme to use for connecting to the host. Defaults to HTTP.', { enum: ['HTTP', 'HTTPS'] }),
    },
    { required: ['port'] },
  ),
  [core('HTTPHeader')]: obj(
    'HTTPHeader describes a custom header to be used in HTTP probes',
    { name: str('The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header.', { default: '' }), value: str('The header field value', { default: '' }) },
    { required: ['name', 'value'] },
  ),
  [core('TCPSocketAction')]: obj(
    'TCPSocketAction describes an action based on opening a socket',
    { host: str('Optional: Host name to connect to, defaults to the pod IP.'), port: ref(intOrString, 'Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.') },
    { required: ['port'] },
  ),
  [core('GRPCAction')]: obj(
    'GRPCAction specifies an action involving a GRPC service.',
    { port: int32('Port number of the gRPC service. Number must be in the range 1 to 65535.', { default: 0 }), service: str('Service is the name of the service to place in the gRPC HealthCheckRequest. If this is not specified, the default behavior is defined by gRPC.', { default: '' }) },
    { required: ['port'] },
  ),
  [core('SleepAction')]: obj('SleepAction describes a "sleep" action.', { seconds: int64('Seconds is the number of seconds to sleep.', { default: 0 }) }, { required: ['seconds'] }),
  [core('Lifecycle')]: obj('Lifecycle describes actions that the management system should take in response to container lifecycle events.', {
    postStart: ref(core('LifecycleHandler'), 'PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks'),
    preStop: ref(core('LifecycleHandler'), 'PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks'),
    stopSignal: str('StopSignal defines which signal will be sent to a container when it is being stopped. If not specified, the default is defined by the container runtime in use.'),
  }),
  [core('LifecycleHandler')]: handler('LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.', true),
  [core('SecurityContext')]: obj('SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext.  When both are set, the values in SecurityContext take precedence.', {
    allowPrivilegeEscalation: bool('AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.'),
    appArmorProfile: open("appArmorProfile is the AppArmor options to use by this container: type and localhostProfile."),
    capabilities: ref(core('Capabilities'), 'The capabilities to add/drop when running containers. Defaults to the default set of capabilities granted by the container runtime.'),
    privileged: bool('Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false.'),
    procMount: str('procMount denotes the type of proc mount to use for the containers. The default value is Default which uses the container runtime defaults for readonly paths and masked paths.'),
    readOnlyRootFilesystem: bool('Whether this container has a read-only root filesystem. Default is false.'),
    runAsGroup: int64('The GID to run the entrypoint of the container process. Uses runtime default if unset.'),
    runAsNonRoot: bool('Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does.'),
    runAsUser: int64('The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.'),
    seLinuxOptions: open('The SELinux context to be applied to the container: level, role, type and user.'),
    seccompProfile: open('The seccomp options to use by this container: type and localhostProfile.'),
    windowsOptions: open('The Windows specific settings applied to all containers: gmsaCredentialSpec, gmsaCredentialSpecName, hostProcess and runAsUserName.'),
  }),
  [core('Capabilities')]: obj('Adds and removes POSIX capabilities from running containers.', {
    add: strList('Added capabilities'),
    drop: strList('Removed capabilities'),
  }),
};
