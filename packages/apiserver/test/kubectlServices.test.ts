import t from 'tap';
import { kubectl, kubectlWatch, startTestServer } from './harness.js';

const nginxSvc = `apiVersion: v1
kind: Service
metadata:
  name: nginx-svc
spec:
  selector: {app: nginx}
  ports:
  - port: 8080
    targetPort: 80
`;

t.test('get svc in every output form, describe svc, get all -A', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  t.equal((await kubectl(s, ['apply', '-f', '-'], { input: nginxSvc })).code, 0);
  const ip = (await k('get', 'svc', 'nginx-svc', '-o', 'jsonpath={.spec.clusterIP}')).stdout;
  t.match(ip, /^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/, 'a ClusterIP from 10.96.0.0/12');
  const get = (await k('get', 'svc', 'nginx-svc')).stdout;
  t.match(get, new RegExp(`^NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE\\nnginx-svc\\s+ClusterIP\\s+${ip.replace(/\./g, '\\.')}\\s+<none>\\s+8080/TCP\\s+\\d+s\\n$`));
  t.match((await k('get', 'svc', 'nginx-svc', '-o', 'wide')).stdout, /PORT\(S\)\s+AGE\s+SELECTOR\nnginx-svc\s+ClusterIP\s+\S+\s+<none>\s+8080\/TCP\s+\d+s\s+app=nginx\n/);
  t.equal((await k('get', 'svc', '-o', 'name')).stdout, 'service/kubernetes\nservice/nginx-svc\n');
  t.match((await k('get', 'svc', 'nginx-svc', '-o', 'yaml')).stdout, /targetPort: 80\n/);
  t.equal(JSON.parse((await k('get', 'svc', 'nginx-svc', '-o', 'json')).stdout).spec.sessionAffinity, 'None');
  const d = await k('describe', 'svc', 'nginx-svc');
  t.equal(d.code, 0, d.stderr);
  t.match(d.stdout, /Type:\s+ClusterIP\n/);
  t.match(d.stdout, new RegExp(`IP:\\s+${ip.replace(/\./g, '\\.')}\\n`));
  t.match(d.stdout, /TargetPort:\s+80\/TCP\n/);
  const all = await k('get', 'all', '-A');
  t.match(all.stdout, /default\s+service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/);
  t.match(all.stdout, /default\s+service\/nginx-svc\s+ClusterIP/);
  const headless = await kubectl(s, ['create', 'service', 'clusterip', 'hl', '--clusterip=None', '--tcp=80:80']);
  t.equal(headless.code, 0, headless.stderr);
  t.match((await k('get', 'svc', 'hl')).stdout, /hl\s+ClusterIP\s+None\s+<none>\s+80\/TCP/);
  const ext = await kubectl(s, ['create', 'service', 'externalname', 'my-service', '--external-name', 'www.example.com']);
  t.equal(ext.code, 0, ext.stderr);
  t.match((await k('get', 'svc', 'my-service')).stdout, /my-service\s+ExternalName\s+<none>\s+www\.example\.com\s+<none>/);
});

t.test('kubectl get svc -w prints rows as the Service changes', async (t) => {
  const s = await startTestServer(t);
  const w = await kubectlWatch(t, s, ['get', 'svc', '-w']);
  const until = w.until;
  await until(/kubernetes\s+ClusterIP\s+10\.96\.0\.1/);
  t.equal((await kubectl(s, ['apply', '-f', '-'], { input: nginxSvc })).code, 0);
  await until(/nginx-svc\s+ClusterIP\s+10\.\S+\s+<none>\s+8080\/TCP/);
  const p = await kubectl(s, ['patch', 'svc', 'nginx-svc', '-p', '{"spec":{"type":"NodePort","ports":[{"port":8080,"nodePort":30080}]}}']);
  t.equal(p.code, 0, p.stderr);
  await until(/nginx-svc\s+NodePort\s+10\.\S+\s+<none>\s+8080:30080\/TCP/);
  t.equal((await kubectl(s, ['delete', 'svc', 'nginx-svc'])).code, 0);
  t.equal(w.output().match(/^NAME\s+TYPE/gm)?.length, 1, 'headers once');
});
