#!/bin/sh
# A headless Service (clusterIP: None) governing a StatefulSet: pods web-0, web-1, web-2 made in
# order, each an endpoint of the Service under its own hostname (web-0.nginx.<ns>.svc in a
# cluster's DNS); scaling down removes the highest ordinal first.
set -eu
. "$(dirname "$0")/lib.sh"

k apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports: [{containerPort: 80, name: web}]
YAML
k wait --for=jsonpath='{.status.readyReplicas}'=3 statefulset/web --timeout=120s
k get service nginx
expect "the Service's clusterIP" "$($K get service nginx -o jsonpath='{.spec.clusterIP}')" None
k get pods -l app=nginx -o wide
expect "the pods" "$($K get pods -l app=nginx -o name | sort | tr '\n' ' ')" "pod/web-0 pod/web-1 pod/web-2 "
expect "web-1's hostname and subdomain" "$($K get pod web-1 -o jsonpath='{.spec.hostname}.{.spec.subdomain}')" web-1.nginx
hostnames() { $K get endpoints nginx -o jsonpath='{range .subsets[*].addresses[*]}{.hostname}{"\n"}{end}' | sort | tr '\n' ' '; }
eventually "the endpoints' hostnames" "web-0 web-1 web-2 " hostnames
slice_hostnames() { $K get endpointslices -l kubernetes.io/service-name=nginx -o jsonpath='{range .items[*].endpoints[*]}{.hostname}{"\n"}{end}' | sort | tr '\n' ' '; }
eventually "the EndpointSlice's hostnames" "web-0 web-1 web-2 " slice_hostnames
k describe statefulset web
k scale statefulset web --replicas=2
k wait --for=delete pod/web-2 --timeout=60s
eventually "the endpoints after scaling down" "web-0 web-1 " hostnames
k delete statefulset web
k delete service nginx
k wait --for=delete pod/web-0 pod/web-1 --timeout=60s
