import t from 'tap';
import { firstTypeError } from './typeCheck.js';

const cm = { group: '', version: 'v1', kind: 'ConfigMap' };
const svc = { group: '', version: 'v1', kind: 'Service' };
const deploy = { group: 'apps', version: 'v1', kind: 'Deployment' };

const cases: Array<{ name: string; kind: typeof cm; obj: unknown; want: string | undefined }> = [
  { name: 'well typed', kind: cm, obj: { metadata: { name: 'a', labels: { x: 'y' } }, data: { k: 'v' } }, want: undefined },
  // nulls decode to Go's zero value
  { name: 'nulls fit anything', kind: cm, obj: { metadata: { name: 'a', labels: null }, data: { k: null } }, want: undefined },
  { name: 'number label value', kind: cm, obj: { metadata: { name: 'a', labels: { x: 1 } } }, want: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string' },
  { name: 'labels not a map', kind: cm, obj: { metadata: { labels: ['x'] } }, want: 'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string' },
  { name: 'number data value', kind: cm, obj: { data: { k: 1 } }, want: 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string' },
  // list indices are not part of Go's path; the innermost struct names the field
  { name: 'string port', kind: svc, obj: { spec: { ports: [{ port: 80 }, { port: 'x' }] } }, want: 'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32' },
  { name: 'targetPort int or string', kind: svc, obj: { spec: { ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8080 }] } }, want: undefined },
  { name: 'targetPort bool', kind: svc, obj: { spec: { ports: [{ port: 80, targetPort: true }] } }, want: 'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type intstr.IntOrString' },
  { name: 'ports not a list', kind: svc, obj: { spec: { ports: { port: 80 } } }, want: 'json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort' },
  // Go quotes the literal when a number does not fit an integer field
  { name: 'fractional replicas', kind: deploy, obj: { spec: { replicas: 1.5 } }, want: 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32' },
  { name: 'fractional nodePort', kind: svc, obj: { spec: { ports: [{ port: 80, nodePort: 1.5 }] } }, want: 'json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.nodePort of type int32' },
  { name: 'int32 overflow', kind: svc, obj: { spec: { ports: [{ port: 2 ** 31 }] } }, want: 'json: cannot unmarshal number 2147483648 into Go struct field ServicePort.spec.ports.port of type int32' },
  { name: 'int32 lower bound fits', kind: svc, obj: { spec: { ports: [{ port: -(2 ** 31) }] } }, want: undefined },
  // ...but a number into a string field is just "number"
  { name: 'type as a number', kind: svc, obj: { spec: { type: 1 } }, want: 'json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type string' },
  { name: 'selector value a number', kind: svc, obj: { spec: { selector: { app: 1 } } }, want: 'json: cannot unmarshal number into Go struct field ServiceSpec.spec.selector of type string' },
  { name: 'spec not an object', kind: svc, obj: { spec: 'x' }, want: 'json: cannot unmarshal string into Go struct field Service.spec of type v1.ServiceSpec' },
  { name: 'unknown fields are not type errors', kind: cm, obj: { bogus: 1, metadata: { labelz: 2 } }, want: undefined },
];
for (const c of cases) {
  t.test(c.name, async (t) => {
    const frozen = JSON.parse(JSON.stringify(c.obj));
    t.equal(firstTypeError(c.kind, c.obj), c.want);
    t.same(c.obj, frozen, 'input untouched');
  });
}
