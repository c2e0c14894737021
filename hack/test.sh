#!/usr/bin/env bash
# Runs every test: unit tests, end-to-end tests against the real binary with
# the real kubectl, helm and Python client, then the unit tests again under
# AddressSanitizer + UndefinedBehaviorSanitizer. The e2e tests use Debian's
# python3 (/usr/bin/python3), which has python3-kubernetes and python3-yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
./hack/setup.sh
./hack/verify-deps.sh

echo "== build"
./hack/build.sh
echo "== unit tests"
ctest --test-dir build --output-on-failure -j2 --timeout 300
echo "== end-to-end tests"
EKSLITE_BIN=$PWD/build/ekslite KUBECTL=$PWD/.tools/bin/kubectl HELM=$PWD/.tools/bin/helm \
  /usr/bin/python3 -m unittest discover -s tests/e2e -p '*_test.py' -v
echo "== unit tests under ASan + UBSan"
EKSLITE_BUILD_DIR=build-asan EKSLITE_SANITIZE=1 ./hack/build.sh
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j2 --timeout 600
echo "== all tests passed"
