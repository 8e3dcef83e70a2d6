#!/bin/sh
# LoadBalancer: EXTERNAL-IP is <pending> until a load-balancer controller fills
# status.loadBalancer.ingress (miniplane's MetalLB-like controller does; a Service of another
# loadBalancerClass stays pending). Changing NodePort -> LoadBalancer keeps the nodePort.
set -eu
. "$(dirname "$0")/lib.sh"

k apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: lb-other-class
spec:
  type: LoadBalancer
  loadBalancerClass: example.com/not-miniplane
  selector:
    app: web
  ports:
  - port: 80
YAML
k get svc lb-other-class
expect "EXTERNAL-IP of a foreign class" "$($K get svc lb-other-class --no-headers -o custom-columns=IP:.status.loadBalancer.ingress[0].ip)" "<none>"

k create service nodeport web --tcp=80:8080 --node-port=30081
k patch svc web -p '{"spec":{"type":"LoadBalancer"}}'
eventually "EXTERNAL-IP" "198.51.100.1" $K get svc web -o jsonpath='{.status.loadBalancer.ingress[0].ip}'
k get svc web
expect "nodePort after the type change" "$($K get svc web -o jsonpath='{.spec.ports[0].nodePort}')" 30081
k delete svc web lb-other-class
