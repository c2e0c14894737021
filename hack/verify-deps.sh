#!/usr/bin/env bash
# The dependency rule (DESIGN.md §2): scheduler, controllers and kubelet reach
# the cluster only through the API, so they never include storage/ or apiserver/.
set -euo pipefail
cd "$(dirname "$0")/.."
./hack/check-layering.sh
