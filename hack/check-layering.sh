#!/usr/bin/env bash
# The dependency rule (DESIGN.md §2): the scheduler, the controllers and the
# kubelet reach the cluster only through the Kubernetes API (core/client), so
# no file under scheduler/, controllers/ or kubelet/ may include anything from
# storage/ or apiserver/, and none of their CMake targets may link
# ekslite_storage or ekslite_apiserver. Prints every violation (file, line,
# include) and exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
dirs=()
for d in scheduler controllers kubelet; do
  [ -d "$d" ] && dirs+=("$d")
done
[ ${#dirs[@]} -eq 0 ] && exit 0

includes=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<](storage|apiserver)/' \
  --include='*.h' --include='*.hh' --include='*.hpp' --include='*.cc' --include='*.cpp' \
  "${dirs[@]}" || true)
if [ -n "$includes" ]; then
  echo "check-layering: scheduler/, controllers/ and kubelet/ may include core/ only:" >&2
  while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    include=$(echo "${rest#*:}" | sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*//')
    echo "  $file:$line includes $include" >&2
  done <<<"$includes"
  status=1
fi

links=$(grep -rnE 'ekslite_(storage|apiserver)' --include='CMakeLists.txt' --include='*.cmake' \
  "${dirs[@]}" || true)
if [ -n "$links" ]; then
  echo "check-layering: scheduler/, controllers/ and kubelet/ may link ekslite_core only:" >&2
  echo "$links" | sed 's/^/  /' >&2
  status=1
fi
exit $status
