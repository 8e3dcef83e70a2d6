/**
 * metav1.Time on the wire: RFC 3339 in UTC with whole seconds (`2026-11-23T17:24:09Z`), as kube
 * writes creationTimestamp, managedFields times, Event times and condition transition times.
 *
 * Contract: pure; sub-second parts are dropped (truncated, as Go's RFC3339 formatting does).
 * Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/time.go (MarshalJSON)
 */
export function metaTime(t: Date | number): string {
  const d = typeof t === 'number' ? new Date(t) : t;
  return `${d.toISOString().slice(0, 19)}Z`;
}
