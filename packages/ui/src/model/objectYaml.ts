/**
 * objectYaml: an object as `kubectl get KIND NAME -o yaml` prints it — kubectl-lite's go-yaml
 * printer (sorted keys, go-yaml's quoting and folding), `metadata.managedFields` hidden as
 * kubectl hides it without `--show-managed-fields`, and `apiVersion`/`kind` filled in when the
 * object came as a list item (the API leaves them out of list items; a GET carries them).
 *
 * Contract: pure; the input is not mutated.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (ShowManagedFields), cli-runtime printers/yaml.go
 */
import { goYaml } from '@miniplane/kubectl-lite/output/goYaml';

interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: object;
}

export function objectYaml(obj: ObjectLike, apiVersion: string, kind: string): string {
  const { managedFields: _hidden, ...metadata } = (obj.metadata ?? {}) as Record<string, unknown>;
  return goYaml({ ...obj, apiVersion: obj.apiVersion ?? apiVersion, kind: obj.kind ?? kind, ...(obj.metadata ? { metadata } : {}) });
}
