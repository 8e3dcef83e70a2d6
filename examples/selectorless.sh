#!/bin/sh
# Services without a selector: the control plane leaves their endpoints to the user.
# external-service (port 3307) with a hand-written Endpoints 172.188.2.89:3307, mirrored into an
# EndpointSlice; mysql-k8s, headless, port 13306 named "port", with an Endpoints to
# 192.168.71.114:3306.
set -eu
. "$(dirname "$0")/lib.sh"

k apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: external-service
spec:
  ports:
  - port: 3307
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-service
subsets:
- addresses:
  - ip: 172.188.2.89
  ports:
  - port: 3307
---
apiVersion: v1
kind: Service
metadata:
  name: mysql-k8s
spec:
  clusterIP: None
  ports:
  - name: port
    port: 13306
---
apiVersion: v1
kind: Endpoints
metadata:
  name: mysql-k8s
subsets:
- addresses:
  - ip: 192.168.71.114
  ports:
  - name: port
    port: 3306
YAML
k get svc external-service mysql-k8s
k get endpoints external-service mysql-k8s
expect "external-service endpoints" "$($K get endpoints external-service --no-headers | awk '{print $2}')" 172.188.2.89:3307
expect "mysql-k8s endpoints" "$($K get endpoints mysql-k8s --no-headers | awk '{print $2}')" 192.168.71.114:3306
expect "mysql-k8s CLUSTER-IP" "$($K get svc mysql-k8s -o jsonpath='{.spec.clusterIP}')" None
eventually "mirrored EndpointSlice" "172.188.2.89" $K get endpointslices -l kubernetes.io/service-name=external-service -o jsonpath='{.items[0].endpoints[0].addresses[0]}'
k get endpointslices -l kubernetes.io/service-name=external-service
# a loopback endpoint is refused with kube's message
if echo '{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"bad"},"subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"port":1}]}]}' | $K create -f -; then
  echo "FAILED: a loopback endpoint was accepted" >&2; exit 1
fi
# (the endpoints controller deletes a deleted Service's Endpoints: they go first here)
k delete endpoints external-service mysql-k8s
k delete svc external-service mysql-k8s
