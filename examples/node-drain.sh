#!/bin/sh
# Taking a node out for maintenance: cordon it (no new pods land there), drain it (its pods are
# deleted once they are gone from it; pods no controller owns need --force), bring it back.
# (A node crashing, and pods being replaced elsewhere, needs node controls not built yet.)
set -eu
. "$(dirname "$0")/lib.sh"

k run drained --image=nginx:1.26
k wait --for=condition=Ready pod/drained --timeout=60s
node=$($K get pod drained -o jsonpath='{.spec.nodeName}')
k get pod drained -o wide
if $K drain "$node"; then echo "FAILED: a pod no controller owns was drained without --force" >&2; exit 1; fi
k drain "$node" --force --grace-period=1
k get nodes
expect "unschedulable" "$($K get node "$node" -o jsonpath='{.spec.unschedulable}')" true
if $K get pod drained >/dev/null 2>&1; then echo "FAILED: the drained pod is still there" >&2; exit 1; fi
echo "ok: the pod is gone"
k uncordon "$node"
expect "unschedulable after uncordon" "$($K get node "$node" -o jsonpath='{.spec.unschedulable}')" ""
