#!/bin/sh
# Multi-port Services name every port: http 80 -> 9376, https 443 -> 9377. An unnamed second
# port is refused.
set -eu
. "$(dirname "$0")/lib.sh"

k apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app.kubernetes.io/name: MyApp
  ports:
  - name: http
    protocol: TCP
    port: 80
    targetPort: 9376
  - name: https
    protocol: TCP
    port: 443
    targetPort: 9377
YAML
k get svc my-service
expect "PORT(S)" "$($K get svc my-service --no-headers | awk '{print $5}')" "80/TCP,443/TCP"
expect "port names" "$($K get svc my-service -o jsonpath='{.spec.ports[*].name}')" "http https"
k describe svc my-service
if echo '{"apiVersion":"v1","kind":"Service","metadata":{"name":"unnamed"},"spec":{"ports":[{"port":80},{"port":443}]}}' | $K apply -f -; then
  echo "FAILED: unnamed ports were accepted" >&2; exit 1
fi
k delete svc my-service
