import t from 'tap';
import { defaultImagePullPolicy, imageTag } from './imagePullPolicy.js';

const cases: Array<{ name: string; image: unknown; tag: string | undefined; policy: string }> = [
  { name: 'a tag', image: 'nginx:1.26', tag: '1.26', policy: 'IfNotPresent' },
  { name: 'latest', image: 'nginx:latest', tag: 'latest', policy: 'Always' },
  // No tag and no digest reads as latest.
  { name: 'no tag', image: 'nginx', tag: 'latest', policy: 'Always' },
  { name: 'path, no tag', image: 'library/nginx', tag: 'latest', policy: 'Always' },
  // The ':' of a registry port is no tag.
  { name: 'registry port, no tag', image: 'localhost:5000/nginx', tag: 'latest', policy: 'Always' },
  { name: 'registry port and tag', image: 'registry.k8s.io:443/pause:3.10', tag: '3.10', policy: 'IfNotPresent' },
  // A digest without a tag has no tag at all.
  { name: 'digest only', image: `nginx@sha256:${'a'.repeat(64)}`, tag: '', policy: 'IfNotPresent' },
  { name: 'tag and digest', image: `nginx:latest@sha256:${'a'.repeat(64)}`, tag: 'latest', policy: 'Always' },
  // A domain may be upper case, a repository path not.
  { name: 'upper-case domain', image: 'MyRegistry.io/nginx', tag: 'latest', policy: 'Always' },
  { name: 'upper-case repository', image: 'NGINX', tag: undefined, policy: 'IfNotPresent' },
  { name: 'empty image', image: '', tag: undefined, policy: 'IfNotPresent' },
  { name: 'bad tag', image: 'nginx:-x', tag: undefined, policy: 'IfNotPresent' },
  // A bare 64-hex name is an image ID, refused as a reference.
  { name: 'image ID', image: 'a'.repeat(64), tag: undefined, policy: 'IfNotPresent' },
  { name: 'no image at all', image: undefined, tag: undefined, policy: 'IfNotPresent' },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    if (typeof c.image === 'string') t.equal(imageTag(c.image), c.tag);
    t.equal(defaultImagePullPolicy(c.image), c.policy);
  });
}
