/**
 * Request bodies captured from the real kubectl v1.32, each next to the object kubectl prints for
 * the same command with `--dry-run=client -o json`: the JSON it meant to send. Test data only.
 *
 * How they were captured: a throwaway node:http proxy in front of a miniplane server recorded every
 * request body whose Content-Type was application/vnd.kubernetes.protobuf while `kubectl <command>`
 * ran against it (the server's 415 did not matter). To add one, capture the same way; never edit
 * the hex by hand.
 */

export interface CapturedBody {
  name: string;
  /** kubectl arguments (files bin.dat = 00 01 02 ff " binary", text.txt = "hello\n"). */
  command: string;
  path: string;
  hex: string;
  /** `kubectl <command> --dry-run=client -o json`, verbatim. */
  kubectlJson: Record<string, unknown>;
}

export const capturedBodies: CapturedBody[] = [
  {
    name: 'configmap from a literal',
    command: 'create configmap demo --from-literal=a=b',
    path: '/api/v1/namespaces/default/configmaps',
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d6170121e0a140a0464656d6f12001a0022002a0032003800420012060a' +
      '01611201621a002200',
    kubectlJson: {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: {
        name: 'demo',
        creationTimestamp: null,
      },
      data: {
        a: 'b',
      },
    },
  },
  {
    name: 'configmap with text and binary files',
    command: 'create configmap files --from-literal=a=b --from-file=bin.dat --from-file=text.txt',
    path: '/api/v1/namespaces/default/configmaps',
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d6170124b0a150a0566696c657312001a0022002a003200380042001206' +
      '0a016112016212120a08746578742e747874120668656c6c6f0a1a160a0762696e2e646174120b000102ff2062696e61' +
      '72791a002200',
    kubectlJson: {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: {
        name: 'files',
        creationTimestamp: null,
      },
      data: {
        a: 'b',
        'text.txt': 'hello\n',
      },
      binaryData: {
        'bin.dat': 'AAEC/yBiaW5hcnk=',
      },
    },
  },
  {
    name: 'configmap with --save-config',
    command: 'create configmap saved --from-literal=k=v --save-config',
    path: '/api/v1/namespaces/default/configmaps',
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d617012c4010ab9010a05736176656412001a0022002a00320038004200' +
      '62a1010a306b75626563746c2e6b756265726e657465732e696f2f6c6173742d6170706c6965642d636f6e6669677572' +
      '6174696f6e126d7b226b696e64223a22436f6e6669674d6170222c2261706956657273696f6e223a227631222c226d65' +
      '746164617461223a7b226e616d65223a227361766564222c226372656174696f6e54696d657374616d70223a6e756c6c' +
      '7d2c2264617461223a7b226b223a2276227d7d0a12060a016b1201761a002200',
    kubectlJson: {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: {
        name: 'saved',
        creationTimestamp: null,
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"saved","creationTimestamp":null},"data":{"k":"v"}}\n',
        },
      },
      data: {
        k: 'v',
      },
    },
  },
  {
    name: 'namespace',
    command: 'create namespace x',
    path: '/api/v1/namespaces',
    hex:
      '6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a00' +
      '1a002200',
    kubectlJson: {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name: 'x',
        creationTimestamp: null,
      },
      spec: {},
      status: {},
    },
  },
  {
    name: 'deployment',
    command: 'create deployment web --image=nginx --replicas=2',
    path: '/apis/apps/v1/namespaces/default/deployments',
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412ab010a1f0a0377656212001a0022002a00320038' +
      '0042005a0a0a036170701203776562127a0802120c0a0a0a0361707012037765621a600a1c0a0012001a0022002a0032' +
      '00380042005a0a0a036170701203776562124012220a056e67696e7812056e67696e782a0042006a0072008001008801' +
      '00900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c080010' +
      '0018002000280038001a002200',
    kubectlJson: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'web',
        creationTimestamp: null,
        labels: {
          app: 'web',
        },
      },
      spec: {
        replicas: 2,
        selector: {
          matchLabels: {
            app: 'web',
          },
        },
        template: {
          metadata: {
            creationTimestamp: null,
            labels: {
              app: 'web',
            },
          },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx',
                resources: {},
              },
            ],
          },
        },
        strategy: {},
      },
      status: {},
    },
  },
  {
    name: 'deployment scaled to zero',
    command: 'create deployment idle --image=nginx --replicas=0',
    path: '/apis/apps/v1/namespaces/default/deployments',
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412af010a210a0469646c6512001a0022002a003200' +
      '380042005a0b0a03617070120469646c65127c0800120d0a0b0a03617070120469646c651a610a1d0a0012001a002200' +
      '2a003200380042005a0b0a03617070120469646c65124012220a056e67696e7812056e67696e782a0042006a00720080' +
      '0100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a' +
      '0c0800100018002000280038001a002200',
    kubectlJson: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'idle',
        creationTimestamp: null,
        labels: {
          app: 'idle',
        },
      },
      spec: {
        replicas: 0,
        selector: {
          matchLabels: {
            app: 'idle',
          },
        },
        template: {
          metadata: {
            creationTimestamp: null,
            labels: {
              app: 'idle',
            },
          },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx',
                resources: {},
              },
            ],
          },
        },
        strategy: {},
      },
      status: {},
    },
  },
  {
    name: 'deployment with two images and a port',
    command: 'create deployment multi --image=nginx:1.25 --image=busybox --port=8080 --replicas=3',
    path: '/apis/apps/v1/namespaces/default/deployments',
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412ef010a230a056d756c746912001a0022002a0032' +
      '00380042005a0c0a0361707012056d756c746912b9010803120e0a0c0a0361707012056d756c74691a9c010a1e0a0012' +
      '001a0022002a003200380042005a0c0a0361707012056d756c7469127a12340a056e67696e78120a6e67696e783a312e' +
      '32352a00320b0a00100018903f22002a0042006a007200800100880100900100a2010012260a0762757379626f781207' +
      '62757379626f782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01' +
      '009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    kubectlJson: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'multi',
        creationTimestamp: null,
        labels: {
          app: 'multi',
        },
      },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: {
            app: 'multi',
          },
        },
        template: {
          metadata: {
            creationTimestamp: null,
            labels: {
              app: 'multi',
            },
          },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.25',
                ports: [
                  {
                    containerPort: 8080,
                  },
                ],
                resources: {},
              },
              {
                name: 'busybox',
                image: 'busybox',
                resources: {},
              },
            ],
          },
        },
        strategy: {},
      },
      status: {},
    },
  },
  {
    name: 'ClusterIP service',
    command: 'create service clusterip my-svc --tcp=8080:80',
    path: '/api/v1/namespaces/default/services',
    hex:
      '6b3873000a0d0a02763112075365727669636512720a250a066d792d73766312001a0022002a003200380042005a0d0a' +
      '0361707012066d792d73766312450a1b0a07383038302d3830120354435018903f2206080010501a002800120d0a0361' +
      '707012066d792d7376631a002209436c757374657249503a00420052005a00600068001a020a001a002200',
    kubectlJson: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name: 'my-svc',
        creationTimestamp: null,
        labels: {
          app: 'my-svc',
        },
      },
      spec: {
        ports: [
          {
            name: '8080-80',
            protocol: 'TCP',
            port: 8080,
            targetPort: 80,
          },
        ],
        selector: {
          app: 'my-svc',
        },
        type: 'ClusterIP',
      },
      status: {
        loadBalancer: {},
      },
    },
  },
  {
    name: 'headless service',
    command: 'create service clusterip headless --clusterip=None',
    path: '/api/v1/namespaces/default/services',
    hex:
      '6b3873000a0d0a027631120753657276696365125f0a290a08686561646c65737312001a0022002a003200380042005a' +
      '0f0a036170701208686561646c657373122e120f0a036170701208686561646c6573731a044e6f6e652209436c757374' +
      '657249503a00420052005a00600068001a020a001a002200',
    kubectlJson: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name: 'headless',
        creationTimestamp: null,
        labels: {
          app: 'headless',
        },
      },
      spec: {
        selector: {
          app: 'headless',
        },
        clusterIP: 'None',
        type: 'ClusterIP',
      },
      status: {
        loadBalancer: {},
      },
    },
  },
  {
    name: 'NodePort service',
    command: 'create service nodeport np --tcp=80:8080 --node-port=30080',
    path: '/api/v1/namespaces/default/services',
    hex:
      '6b3873000a0d0a02763112075365727669636512670a1d0a026e7012001a0022002a003200380042005a090a03617070' +
      '12026e7012420a1d0a0738302d38303830120354435018502207080010903f1a002880eb0112090a0361707012026e70' +
      '1a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
    kubectlJson: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name: 'np',
        creationTimestamp: null,
        labels: {
          app: 'np',
        },
      },
      spec: {
        ports: [
          {
            name: '80-8080',
            protocol: 'TCP',
            port: 80,
            targetPort: 8080,
            nodePort: 30080,
          },
        ],
        selector: {
          app: 'np',
        },
        type: 'NodePort',
      },
      status: {
        loadBalancer: {},
      },
    },
  },
  {
    name: 'LoadBalancer service with two ports',
    command: 'create service loadbalancer lb --tcp=443:8443 --tcp=80',
    path: '/api/v1/namespaces/default/services',
    hex:
      '6b3873000a0d0a0276311207536572766963651282010a1d0a026c6212001a0022002a003200380042005a090a036170' +
      '7012026c62125d0a1d0a083434332d38343433120354435018bb032207080010fb411a0028000a150a02383012035443' +
      '5018502206080010501a00280012090a0361707012026c621a00220c4c6f616442616c616e6365723a00420052005a00' +
      '600068001a020a001a002200',
    kubectlJson: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name: 'lb',
        creationTimestamp: null,
        labels: {
          app: 'lb',
        },
      },
      spec: {
        ports: [
          {
            name: '443-8443',
            protocol: 'TCP',
            port: 443,
            targetPort: 8443,
          },
          {
            name: '80',
            protocol: 'TCP',
            port: 80,
            targetPort: 80,
          },
        ],
        selector: {
          app: 'lb',
        },
        type: 'LoadBalancer',
      },
      status: {
        loadBalancer: {},
      },
    },
  },
  {
    name: 'ExternalName service',
    command: 'create service externalname ext --external-name=example.com',
    path: '/api/v1/namespaces/default/services',
    hex:
      '6b3873000a0d0a027631120753657276696365125a0a1f0a0365787412001a0022002a003200380042005a0a0a036170' +
      '7012036578741233120a0a0361707012036578741a00220c45787465726e616c4e616d653a004200520b6578616d706c' +
      '652e636f6d5a00600068001a020a001a002200',
    kubectlJson: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name: 'ext',
        creationTimestamp: null,
        labels: {
          app: 'ext',
        },
      },
      spec: {
        selector: {
          app: 'ext',
        },
        type: 'ExternalName',
        externalName: 'example.com',
      },
      status: {
        loadBalancer: {},
      },
    },
  },
];
