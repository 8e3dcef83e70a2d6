#!/bin/sh
# Scale to 250: a Deployment behind a Service grows from 3 to 250 pods over the simulated nodes;
# the EndpointSlice controller splits the endpoints into three slices of at most 100
# (--max-endpoints-per-slice, 100 by default), while the Endpoints object holds all 250. Grown
# live, kube's packing (fill the slices it writes anyway, never rebalance) may end at 100/99/51 or
# 99/99/52 rather than 100/100/50, which a Service created over 250 ready pods gets.
set -eu
. "$(dirname "$0")/lib.sh"

k apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: big}
spec:
  replicas: 3
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: web, image: nginx:1.26, ports: [{containerPort: 80}]}]
YAML
k expose deployment big --port=80
k rollout status deployment/big --timeout=120s
k scale deployment big --replicas=250
k rollout status deployment/big --timeout=600s
expect "ready pods" "$($K get deployment big -o jsonpath='{.status.readyReplicas}')" 250
sizes() { $K get endpointslices -l kubernetes.io/service-name=big -o jsonpath='{range .items[*]}{range .endpoints[*]}x{end}{"\n"}{end}' | awk '{print length($0)}' | sort -rn | tr '\n' ' '; }
# Three slices, none over 100, holding all 250 endpoints.
shape() { sizes | awk '{ n = 0; for (i = 1; i <= NF; i++) { n += $i; if ($i > 100) over = 1 } print NF " slices, " n " endpoints" (over ? ", one over 100" : "") }'; }
for _ in $(seq 150); do [ "$(shape)" = "3 slices, 250 endpoints" ] && break; sleep 0.4; done
expect "the EndpointSlices" "$(shape)" "3 slices, 250 endpoints"
echo "slice sizes: $(sizes)"
k get endpointslices -l kubernetes.io/service-name=big
addresses() { $K get endpoints big -o jsonpath='{range .subsets[*].addresses[*]}x{"\n"}{end}' | wc -l | tr -d ' '; }
expect "the Endpoints' addresses" "$(addresses)" 250
k delete service big
k delete deployment big
