#!/bin/sh
# NodePort: the ClusterIP Service plus a port on every node; nodePort 30080 is asked for, a
# second Service without one gets a port picked from 30000-32767.
set -eu
. "$(dirname "$0")/lib.sh"

k create service nodeport nginx-np --tcp=8080:80 --node-port=30080
k get svc nginx-np
expect "PORT(S)" "$($K get svc nginx-np --no-headers -o custom-columns=P:.spec.ports[0].port,N:.spec.ports[0].nodePort | tr -s ' ')" "8080 30080"
k create service nodeport nginx-np2 --tcp=8080:80
port=$($K get svc nginx-np2 -o jsonpath='{.spec.ports[0].nodePort}')
[ "$port" -ge 30000 ] && [ "$port" -le 32767 ] && echo "ok: picked nodePort $port is in 30000-32767"
# asking for a taken port is refused with kube's message
if $K create service nodeport nginx-np3 --tcp=8080:80 --node-port=30080; then echo "FAILED: a taken nodePort was accepted" >&2; exit 1; fi
k delete svc nginx-np nginx-np2
