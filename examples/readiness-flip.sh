#!/bin/sh
# A readiness flip: a pod on a simulated node turns Ready; `kubectl-lite sim unready` makes its
# readiness probe fail (READY 0/1, an Unhealthy Event), `sim ready` makes it pass again.
# (Its Service's endpoints following the flip needs the endpoints controllers, not built yet.)
set -eu
. "$(dirname "$0")/lib.sh"

k run web --image=nginx:1.26 --labels=app=web --port=80
k wait --for=condition=Ready pod/web --timeout=60s
k get pod web
k sim unready web
k wait --for=condition=Ready=False pod/web --timeout=60s
expect "READY" "$($K get pod web --no-headers | awk '{print $2}')" 0/1
eventually "the Unhealthy Event" Unhealthy $K get events --field-selector involvedObject.name=web,reason=Unhealthy -o jsonpath='{.items[0].reason}'
k sim ready web
k wait --for=condition=Ready pod/web --timeout=60s
expect "READY" "$($K get pod web --no-headers | awk '{print $2}')" 1/1
k delete pod web --grace-period=0 --force
