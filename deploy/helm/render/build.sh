#!/usr/bin/env bash
# Builds the chart renderer with Debian's Go and Go libraries (no module proxy needed):
#   apt-get install golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev
#   deploy/helm/render/build.sh [OUTPUT]      (default OUTPUT: ./render in the current directory)
# Debian installs the libraries in /usr/share/gocode as a GOPATH. Their /v3 import paths only resolve for code
# inside a GOPATH tree, so the sources are staged under a throw-away GOPATH entry.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(realpath -m "${1:-render}")"
gocode="${GOCODE:-/usr/share/gocode}"
command -v go >/dev/null 2>&1 || { echo "build.sh: no go on PATH (apt-get install golang-go)" >&2; exit 2; }
for lib in github.com/Masterminds/sprig github.com/Masterminds/semver sigs.k8s.io/yaml; do
  [ -d "$gocode/src/$lib" ] || { echo "build.sh: $gocode/src/$lib missing (apt-get install golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev)" >&2; exit 2; }
done
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/src/atelier"
cp -r "$here" "$stage/src/atelier/render"
cd "$stage/src/atelier/render"
# Go needs a build cache: its default lives under $HOME (or $XDG_CACHE_HOME); without either, a throw-away one.
if [ -z "${GOCACHE:-}" ] && [ -z "${HOME:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ]; then export GOCACHE="$stage/cache"; fi
GO111MODULE=off GOPATH="$stage:$gocode" GOFLAGS= go build -trimpath -o "$out" .
