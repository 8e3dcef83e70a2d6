#!/bin/sh
# A node going down: its kubelet stops (`kubectl-lite sim node stop`), the node goes NotReady
# (Ready Unknown: "Kubelet stopped posting node status.") once the node lifecycle controller's
# grace period has passed, is tainted unreachable, and its pods are evicted and replaced on the
# other nodes (the evicted ones stay Terminating: no kubelet finishes them); restarted, it is Ready
# again and the evicted pods go.
# Quick with `miniplane up --node-monitor-grace-period 10s --node-monitor-period 1s
# --node-lease-duration-seconds 4` (the examples test runs it so); kube's defaults (40 s) work too,
# only slower. The pods tolerate the unreachable/not-ready taints for 2 s instead of 300 s.
set -eu
. "$(dirname "$0")/lib.sh"

k apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: survivor}
spec:
  replicas: 3
  selector: {matchLabels: {app: survivor}}
  template:
    metadata: {labels: {app: survivor}}
    spec:
      terminationGracePeriodSeconds: 1
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      containers: [{name: web, image: nginx:1.26}]
YAML
k rollout status deployment/survivor --timeout=120s
k get pods -l app=survivor -o wide
pod=$($K get pods -l app=survivor -o jsonpath='{.items[0].metadata.name}')
node=$($K get pod "$pod" -o jsonpath='{.spec.nodeName}')
k sim node stop "$node"
k wait --for=condition=Ready=Unknown "node/$node" --timeout=120s
k get nodes
expect "$node's STATUS" "$($K get node "$node" --no-headers | awk '{print $2}')" NotReady
expect "its Ready reason" "$($K get node "$node" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}')" NodeStatusUnknown
elsewhere() { $K get pods -l app=survivor -o wide --no-headers | awk -v n="$node" '$3 == "Running" && $7 != n' | wc -l | tr -d ' '; }
for _ in $(seq 150); do [ "$(elsewhere)" = 3 ] && break; sleep 0.4; done
expect "pods Running on the other nodes" "$(elsewhere)" 3
k get pods -l app=survivor -o wide
expect "$pod's STATUS (evicted; its kubelet is not there to finish it)" "$($K get pod "$pod" --no-headers | awk '{print $3}')" Terminating
expect "the taint" "$($K get node "$node" -o jsonpath='{.spec.taints[?(@.effect=="NoExecute")].key}')" node.kubernetes.io/unreachable
k sim node restart "$node"
k wait --for=condition=Ready "node/$node" --timeout=60s
k get nodes
on_node() { $K get pods -l app=survivor -o wide --no-headers | awk -v n="$node" '$7 == n' | wc -l | tr -d ' '; }
eventually "pods left on $node" 0 on_node
k delete deployment survivor
