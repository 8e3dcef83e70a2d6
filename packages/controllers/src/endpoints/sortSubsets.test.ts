import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../endpointSliceMirroring/endpointTypes.js';
import { repackSubsets } from '../endpointSliceMirroring/desiredEndpoints.js';
import { goDumpPort, goDumpSubset, sortSubsets } from './sortSubsets.js';

const pod = (ip: string, name: string, node: string): EndpointAddress =>
  ({ ip, nodeName: node, targetRef: { kind: 'Pod', namespace: 'default', name, uid: `uid-${name.slice(-1)}` } });
const http = (port: number): EndpointPort => ({ name: 'http', port, protocol: 'TCP' });
// The md5 of each dump below was computed apart from this code (`printf '%s' DUMP | md5sum`).
const a8080: EndpointSubset = { addresses: [pod('10.244.1.5', 'web-a', 'node-1')], ports: [http(8080)] }; // 9c3632566bf943bc5726d5deea132165
const b9090: EndpointSubset = { addresses: [pod('10.244.2.7', 'web-b', 'node-2')], ports: [http(9090)] }; // 0d455c92588964f1013cc970449ddd31

t.test("the Go dump kube hashes (go-spew %#v of k8s.io/api/core/v1 types)", async (t) => {
  const cases: Array<[string, string, string]> = [
    ['a subset: typed fields, unquoted strings, nil slices and pointers', goDumpSubset(a8080),
      '(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)[{IP:(string)10.244.1.5 Hostname:(string) NodeName:(*string)node-1 '
      + 'TargetRef:(*v1.ObjectReference){Kind:(string)Pod Namespace:(string)default Name:(string)web-a UID:(types.UID)uid-a APIVersion:(string) '
      + 'ResourceVersion:(string) FieldPath:(string)}}] NotReadyAddresses:([]v1.EndpointAddress)<nil> Ports:([]v1.EndpointPort)[{Name:(string)http '
      + 'Port:(int32)8080 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}]}'],
    ['no ports, no node, no targetRef, two not-ready addresses', goDumpSubset({ notReadyAddresses: [{ ip: '1.2.3.4', hostname: 'h' }, { ip: '1.2.3.5' }] }),
      '(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)<nil> NotReadyAddresses:([]v1.EndpointAddress)[{IP:(string)1.2.3.4 Hostname:(string)h '
      + 'NodeName:(*string)<nil> TargetRef:(*v1.ObjectReference)<nil>} {IP:(string)1.2.3.5 Hostname:(string) NodeName:(*string)<nil> '
      + 'TargetRef:(*v1.ObjectReference)<nil>}] Ports:([]v1.EndpointPort)<nil>}'],
    ['a port with an appProtocol', goDumpPort({ name: 'web', port: 443, protocol: 'TCP', appProtocol: 'https' }),
      '(v1.EndpointPort){Name:(string)web Port:(int32)443 Protocol:(v1.Protocol)TCP AppProtocol:(*string)https}'],
  ];
  for (const [name, got, want] of cases) t.equal(got, want, name);
});

t.test('SortSubsets: ports and subsets by md5 of their dump, addresses by IP then uid', async (t) => {
  const p = (port: number): EndpointPort => ({ name: '', port, protocol: 'TCP' });
  const cases: Array<[string, EndpointSubset[], EndpointSubset[]]> = [
    ['subsets: 9090 (0d455c…) before 8080 (9c3632…)', [a8080, b9090], [b9090, a8080]],
    ['the same either way round', [b9090, a8080], [b9090, a8080]],
    ['ports 111 (055ff1…), 333 (912087…), 222 (bfa922…)', [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(222), p(111), p(333)] }],
      [{ addresses: [{ ip: '1.2.3.4' }], ports: [p(111), p(333), p(222)] }]],
    ['addresses: IP bytes, no targetRef before one, then uid', [{ addresses: [
      { ip: '10.0.0.2' }, { ip: '10.0.0.10', targetRef: { uid: 'b' } }, { ip: '10.0.0.10', targetRef: { uid: 'a' } }, { ip: '10.0.0.10' },
    ] }], [{ addresses: [{ ip: '10.0.0.10' }, { ip: '10.0.0.10', targetRef: { uid: 'a' } }, { ip: '10.0.0.10', targetRef: { uid: 'b' } }, { ip: '10.0.0.2' }] }]],
  ];
  for (const [name, given, want] of cases) t.same(sortSubsets(deepFreeze(given)), want, name);
});

/** kube's TestPackSubsets compares RepackSubsets(given) with SortSubsets(expect): the same here, in repack's shape. */
t.test("RepackSubsets: kube's TestPackSubsets cases", async (t) => {
  const p = (...ns: number[]): EndpointPort[] => ns.map((port) => ({ port }));
  const ip = (...ips: string[]): EndpointAddress[] => ips.map((x) => ({ ip: x }));
  const ref = (x: string, uid: string): EndpointAddress => ({ ip: x, targetRef: { uid } });
  const foo: EndpointAddress = { ip: '1.2.3.4', targetRef: { name: 'foo' } };
  const bar: EndpointAddress = { ip: '1.2.3.4', targetRef: { name: 'bar' } };
  const cases: Array<[string, EndpointSubset[], EndpointSubset[]]> = [
    ['empty everything', [{ addresses: [], ports: [] }], []],
    ['empty addresses', [{ addresses: [], ports: p(111) }], []],
    ['empty ports (kept under no port)', [{ addresses: ip('1.2.3.4'), ports: [] }], [{ addresses: ip('1.2.3.4') }]],
    ['one set, one ip, one port', [{ addresses: ip('1.2.3.4'), ports: p(111) }], [{ addresses: ip('1.2.3.4'), ports: p(111) }]],
    ['one set, one notReady ip, one UID, one port', [{ notReadyAddresses: [ref('1.2.3.4', 'uid-1')], ports: p(111) }], [{ notReadyAddresses: [ref('1.2.3.4', 'uid-1')], ports: p(111) }]],
    ['one set, two mixed ips, one port', [{ addresses: ip('1.2.3.4'), notReadyAddresses: ip('5.6.7.8'), ports: p(111) }], [{ addresses: ip('1.2.3.4'), notReadyAddresses: ip('5.6.7.8'), ports: p(111) }]],
    ['one set, two duplicate ips, one port, notReady is covered by ready', [{ addresses: ip('1.2.3.4'), notReadyAddresses: ip('1.2.3.4'), ports: p(111) }], [{ notReadyAddresses: ip('1.2.3.4'), ports: p(111) }]],
    ['one set, one ip, two ports', [{ addresses: ip('1.2.3.4'), ports: p(111, 222) }], [{ addresses: ip('1.2.3.4'), ports: p(111, 222) }]],
    ['one set, dup ips with target-refs, one port', [{ addresses: [foo, bar], ports: p(111) }], [{ addresses: [foo], ports: p(111) }]],
    ['one set, dup mixed ips with target-refs, one port', [{ addresses: [foo], notReadyAddresses: [bar], ports: p(111) }], [{ notReadyAddresses: [foo], ports: p(111) }]],
    ['one set, one ip, dup ports', [{ addresses: ip('1.2.3.4'), ports: p(111, 111) }], [{ addresses: ip('1.2.3.4'), ports: p(111) }]],
    ['two sets, dup mixed ip, dup port', [{ addresses: ip('1.2.3.4'), ports: p(111) }, { notReadyAddresses: ip('1.2.3.4'), ports: p(111) }], [{ notReadyAddresses: ip('1.2.3.4'), ports: p(111) }]],
    ['two sets, dup ip, two ports', [{ addresses: ip('1.2.3.4'), ports: p(111) }, { addresses: ip('1.2.3.4'), ports: p(222) }], [{ addresses: ip('1.2.3.4'), ports: p(111, 222) }]],
    ['two sets, dup mixed ip, dup uids, two ports', [{ addresses: [ref('1.2.3.4', 'uid-1')], ports: p(111) }, { notReadyAddresses: [ref('1.2.3.4', 'uid-1')], ports: p(222) }],
      [{ addresses: [ref('1.2.3.4', 'uid-1')], ports: p(111) }, { notReadyAddresses: [ref('1.2.3.4', 'uid-1')], ports: p(222) }]],
    ['two set, dup ip, with and without uid, dup ports', [{ addresses: ip('1.2.3.4'), ports: p(111) }, { addresses: [ref('1.2.3.4', 'uid-2')], ports: p(111) }],
      [{ addresses: [{ ip: '1.2.3.4' }, ref('1.2.3.4', 'uid-2')], ports: p(111) }]],
    ['two sets, two mixed ips, two dup ip with uid, dup port, wrong order, ends up with split addresses', [
      { addresses: ip('5.6.7.8'), ports: p(111) }, { notReadyAddresses: [ref('5.6.7.8', 'uid-1')], ports: p(111) },
      { notReadyAddresses: [ref('1.2.3.4', 'uid-1')], ports: p(111) }, { notReadyAddresses: ip('1.2.3.4'), ports: p(111) },
    ], [{ addresses: ip('5.6.7.8'), notReadyAddresses: [{ ip: '1.2.3.4' }, ref('1.2.3.4', 'uid-1'), ref('5.6.7.8', 'uid-1')], ports: p(111) }]],
    ['two sets, two ips, two ports', [{ addresses: ip('1.2.3.4'), ports: p(111) }, { addresses: ip('5.6.7.8'), ports: p(222) }],
      [{ addresses: ip('1.2.3.4'), ports: p(111) }, { addresses: ip('5.6.7.8'), ports: p(222) }]],
    ['four sets, three mixed ips, three ports, jumbled', [
      { addresses: ip('1.2.3.4'), ports: p(111) }, { notReadyAddresses: ip('1.2.3.5'), ports: p(222) },
      { addresses: ip('1.2.3.6'), ports: p(111) }, { notReadyAddresses: ip('1.2.3.5'), ports: p(333) },
    ], [{ addresses: ip('1.2.3.4', '1.2.3.6'), ports: p(111) }, { notReadyAddresses: ip('1.2.3.5'), ports: p(222, 333) }]],
  ];
  const shape = (s: EndpointSubset): EndpointSubset => ({
    addresses: s.addresses ?? [], notReadyAddresses: s.notReadyAddresses ?? [], ports: (s.ports ?? []).map((x) => ({ name: '', ...x, protocol: 'TCP' })),
  });
  for (const [name, given, expect] of cases) t.same(repackSubsets(deepFreeze(given)), sortSubsets(expect.map(shape)), name);
});
