# Shared by the example scripts: the kubectl-lite to run and a check that stops a script when
# the cluster does not show what the scenario promises.
#   KUBECTL_LITE  the command to run (default: kubectl-lite on the PATH; `pnpm exec kubectl-lite`
#                 from the repository root works too)
K=${KUBECTL_LITE:-kubectl-lite}

k() {
  echo "\$ kubectl-lite $*"
  $K "$@"
}

# expect WHAT GOT WANT
expect() {
  if [ "$2" != "$3" ]; then
    echo "FAILED: $1: got '$2', want '$3'" >&2
    exit 1
  fi
  echo "ok: $1 is $3"
}

# eventually WHAT WANT COMMAND...: re-runs COMMAND (up to 10 s) until it prints WANT
eventually() {
  what=$1; want=$2; shift 2
  for _ in $(seq 50); do
    got=$("$@")
    [ "$got" = "$want" ] && { echo "ok: $what is $want"; return 0; }
    sleep 0.2
  done
  echo "FAILED: $what: got '$got', want '$want'" >&2
  exit 1
}
