#!/bin/sh
# ExternalName: my-service is a DNS alias (a CNAME) for www.example.com: no ClusterIP, the name as
# EXTERNAL-IP, no ports. Also the way to reach a Service in another namespace.
set -eu
. "$(dirname "$0")/lib.sh"

k create service externalname my-service --external-name=www.example.com
k get svc my-service
expect "CLUSTER-IP, EXTERNAL-IP, PORT(S)" "$($K get svc my-service --no-headers | awk '{print $3, $4, $5}')" "<none> www.example.com <none>"
k create namespace other
k -n other create service clusterip backend --tcp=80
k create service externalname backend-alias --external-name=backend.other.svc.cluster.local
expect "alias target" "$($K get svc backend-alias -o jsonpath='{.spec.externalName}')" backend.other.svc.cluster.local
k delete svc my-service backend-alias
k delete namespace other
