#!/bin/sh
# ClusterIP (the default type): nginx-svc selects app=nginx, port 8080 -> targetPort 80, and gets
# a stable virtual IP from the service CIDR.
set -eu
. "$(dirname "$0")/lib.sh"

manifest='apiVersion: v1
kind: Service
metadata:
  name: nginx-svc
spec:
  selector:
    app: nginx
  ports:
  - port: 8080
    targetPort: 80
    protocol: TCP
'

echo "$manifest" | k apply -f -
k get svc nginx-svc
expect "type" "$($K get svc nginx-svc -o jsonpath='{.spec.type}')" ClusterIP
expect "ports" "$($K get svc nginx-svc -o jsonpath='{.spec.ports[0].port}->{.spec.ports[0].targetPort}/{.spec.ports[0].protocol}')" "8080->80/TCP"
ip=$($K get svc nginx-svc -o jsonpath='{.spec.clusterIP}')
case $ip in 10.*) echo "ok: ClusterIP $ip is in 10.96.0.0/12" ;; *) echo "FAILED: ClusterIP $ip" >&2; exit 1 ;; esac
# applying the same file again changes nothing
echo "$manifest" | k apply -f -
expect "ClusterIP after re-apply" "$($K get svc nginx-svc -o jsonpath='{.spec.clusterIP}')" "$ip"
k describe svc nginx-svc
k delete svc nginx-svc
