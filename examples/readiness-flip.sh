#!/bin/sh
# A readiness flip: a pod on a simulated node turns Ready and its Service lists it as a ready
# endpoint; `kubectl-lite sim unready` makes its readiness probe fail (READY 0/1, an Unhealthy
# Event) and the endpoint moves to notReadyAddresses; `sim ready` brings it back.
set -eu
. "$(dirname "$0")/lib.sh"

k run web --image=nginx:1.26 --labels=app=web --port=80
k expose pod web --port=80
k wait --for=condition=Ready pod/web --timeout=60s
ip=$($K get pod web -o jsonpath='{.status.podIP}')
eventually "the ready endpoint" "$ip" $K get endpoints web -o jsonpath='{.subsets[0].addresses[0].ip}'
k get endpoints web
k sim unready web
k wait --for=condition=Ready=False pod/web --timeout=60s
expect "READY" "$($K get pod web --no-headers | awk '{print $2}')" 0/1
eventually "the Unhealthy Event" Unhealthy $K get events --field-selector involvedObject.name=web,reason=Unhealthy -o jsonpath='{.items[0].reason}'
eventually "the not-ready endpoint" "$ip" $K get endpoints web -o jsonpath='{.subsets[0].notReadyAddresses[0].ip}'
k get endpoints web
k sim ready web
k wait --for=condition=Ready pod/web --timeout=60s
expect "READY" "$($K get pod web --no-headers | awk '{print $2}')" 1/1
eventually "the ready endpoint again" "$ip" $K get endpoints web -o jsonpath='{.subsets[0].addresses[0].ip}'
k delete svc web
k delete pod web --grace-period=0 --force
