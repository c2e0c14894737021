#!/usr/bin/env bash
# Developer-side check of the API schema and the protobuf decoder against
# upstream's round-trip fixtures: decodes every FIXTURES_DIR/*.pb with the
# built-in schema and compares it, as JSON values, with the matching .json.
#
#   hack/check-fixtures.sh ../shared/reference/api-fixtures-v1.32
#
# Builds schema_test in $BUILD_DIR (default build-schema) and runs its
# FixtureCheck test, which is skipped in ordinary test runs.
set -euo pipefail
dir=${1:?usage: hack/check-fixtures.sh FIXTURES_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-schema}
[[ -d $dir ]] || { echo "no such folder: $dir" >&2; exit 2; }
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" schema_test >/dev/null
EKSLITE_FIXTURES_DIR=$(cd "$dir" && pwd) "$build/tests/core/schema/schema_test" \
  --gtest_filter='FixtureCheck.*' --gtest_brief=1
