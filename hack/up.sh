#!/usr/bin/env bash
# Builds ekslite and starts a cluster in ./.ekslite/ with three simulated
# nodes (EKSLITE_SIMULATED_NODES to change), installing what is missing first. Prints how to use it. Stop it with: kill $(cat .ekslite/ekslite.pid)
set -euo pipefail
cd "$(dirname "$0")/.."
./hack/setup.sh
./hack/build.sh ekslite

dir=$PWD/.ekslite
mkdir -p "$dir"
if [ -f "$dir/ekslite.pid" ] && kill -0 "$(cat "$dir/ekslite.pid")" 2>/dev/null; then
  echo "up: stopping the running ekslite (pid $(cat "$dir/ekslite.pid"))"
  kill "$(cat "$dir/ekslite.pid")"
  while kill -0 "$(cat "$dir/ekslite.pid")" 2>/dev/null; do sleep 0.1; done
fi
rm -f "$dir/kubeconfig"
nohup ./build/ekslite server --data-dir "$dir" --listen "${EKSLITE_LISTEN:-127.0.0.1:6443}" \
  --simulated-nodes "${EKSLITE_SIMULATED_NODES:-3}" "$@" >"$dir/ekslite.log" 2>&1 &
echo $! >"$dir/ekslite.pid"
for _ in $(seq 100); do
  [ -f "$dir/kubeconfig" ] && break
  kill -0 "$(cat "$dir/ekslite.pid")" 2>/dev/null || { cat "$dir/ekslite.log"; exit 1; }
  sleep 0.05
done
[ -f "$dir/kubeconfig" ] || { echo "up: ekslite did not become ready"; cat "$dir/ekslite.log"; exit 1; }

cat <<MSG

ekslite is running (pid $(cat "$dir/ekslite.pid"), log: .ekslite/ekslite.log).

  export KUBECONFIG=$dir/kubeconfig
  export PATH=$PWD/.tools/bin:\$PATH      # kubectl 1.32 and helm 3.17
  kubectl get nodes
  kubectl create deployment web --image=registry.local/library/busybox:stable --replicas=3
  kubectl rollout status deployment/web

Stop it with: kill \$(cat .ekslite/ekslite.pid)
MSG
