#!/usr/bin/env bash
# The dependency rule (DESIGN.md §2): scheduler, controllers and kubelet reach
# the cluster only through the API, so they never include storage/ or apiserver/.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -rnE '#include "(storage|apiserver)/' scheduler controllers kubelet 2>/dev/null || true)
if [ -n "$bad" ]; then
  echo "verify-deps: components must not include storage/ or apiserver/:"
  echo "$bad"
  exit 1
fi
