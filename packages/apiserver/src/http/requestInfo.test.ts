import t from 'tap';
import { uncleanPathRedirect } from './requestInfo.js';

const cases = [
  { name: 'a clean path', given: '/api/v1/namespaces/default/services', want: undefined },
  { name: 'a trailing slash is clean', given: '/api/v1/namespaces/', want: undefined },
  // The empty namespace segment: kube redirects rather than reading `services` as a namespace.
  { name: 'an empty segment', given: '/api/v1/namespaces//services', want: '/api/v1/namespaces/services' },
  { name: 'a dot segment', given: '/api/v1/./pods', want: '/api/v1/pods' },
  { name: 'a dot-dot segment', given: '/api/v1/namespaces/a/../b', want: '/api/v1/namespaces/b' },
  { name: 'keeps a trailing slash', given: '/api//v1/', want: '/api/v1/' },
  // Dots inside a name are not segments.
  { name: 'dots in a name', given: '/api/v1/namespaces/a..b/pods/x.y', want: undefined },
];

for (const c of cases) t.test(c.name, async (t) => t.equal(uncleanPathRedirect(c.given), c.want));
