#!/bin/sh
# Session affinity: patching sessionAffinity to ClientIP sends one client to one pod;
# sessionAffinityConfig.clientIP.timeoutSeconds defaults to 10800 (3 hours).
set -eu
. "$(dirname "$0")/lib.sh"

k create service clusterip getip-service --tcp=80:8080
expect "sessionAffinity before" "$($K get svc getip-service -o jsonpath='{.spec.sessionAffinity}')" None
k patch svc getip-service -p '{"spec":{"sessionAffinity":"ClientIP"}}'
expect "sessionAffinity" "$($K get svc getip-service -o jsonpath='{.spec.sessionAffinity}')" ClientIP
expect "timeoutSeconds" "$($K get svc getip-service -o jsonpath='{.spec.sessionAffinityConfig.clientIP.timeoutSeconds}')" 10800
k describe svc getip-service
k patch svc getip-service -p '{"spec":{"sessionAffinity":"ClientIP"}}'
k delete svc getip-service
