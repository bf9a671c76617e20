#!/usr/bin/env bash
# build-image.sh builds the platform image without any registry.
#
# Usage: deploy/docker/build-image.sh [TAG]          (default TAG: atelier/platform:<package version>)
# Environment:
#   BASE_IMAGE=...        base image (default: atelier/node-base:<node major>, made by make-base-image.sh if absent)
#   KUBECTL_BINARY=path   real kubectl to ship in the image (default: found on PATH when it is a real binary,
#                         or the versioned binary next to a Google Cloud SDK dispatcher); KUBECTL_BINARY=none skips it
#   SKIP_SITE_BUILD=1     reuse an existing dist/ instead of running `npm run build:site`
# Run from a checkout where `npm ci` has been run (the image takes its production dependencies from node_modules).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
version="$(node -p 'require("./package.json").version')"
tag="${1:-atelier/platform:${version}}"
base="${BASE_IMAGE:-atelier/node-base:${node_major}}"

if ! docker image inspect "$base" >/dev/null 2>&1; then
  deploy/docker/make-base-image.sh "$base" >/dev/null
fi
if [ ! -d node_modules ]; then
  echo "build-image: run npm ci first (node_modules is missing)" >&2
  exit 1
fi
if [ "${SKIP_SITE_BUILD:-}" != "1" ] || [ ! -f dist/index.html ]; then
  npm run build:site >/dev/null
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
git ls-files -z -- package.json package-lock.json tsconfig.base.json tsconfig.json \
  mini-k8s sandbox-server graders exercises deploy | xargs -0 cp --parents -t "$stage"
cp -a dist "$stage/dist"
cp -a node_modules "$stage/node_modules"
for workspace in mini-k8s sandbox-server graders exercises; do
  if [ -d "$workspace/node_modules" ]; then cp -a "$workspace/node_modules" "$stage/$workspace/"; fi
done
# The root package's own dependencies only build the site (already in dist/): drop them with the dev tools.
(
  cd "$stage"
  node -e '
    const fs = require("fs");
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
    pkg.dependencies = {};
    delete pkg.devDependencies;
    fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");'
  npm prune --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
)

kubectl_binary="${KUBECTL_BINARY:-}"
if [ -z "$kubectl_binary" ] && command -v kubectl >/dev/null 2>&1; then
  found="$(readlink -f "$(command -v kubectl)")"
  if file "$found" | grep -q 'ELF'; then
    kubectl_binary="$found"
  elif [ -x "$(dirname "$found")/kubectl.1.32" ]; then
    # The Google Cloud SDK dispatcher is a script; ship the kubectl matching the server's minor version.
    kubectl_binary="$(dirname "$found")/kubectl.1.32"
  fi
fi
if [ -n "$kubectl_binary" ] && [ "$kubectl_binary" != "none" ]; then
  install -m 0755 "$kubectl_binary" "$stage/kubectl"
fi

# The legacy builder is enough (and present with every Docker engine); BuildKit needs the buildx plugin.
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi
docker build --quiet -f "$root/deploy/docker/Dockerfile" --build-arg "BASE_IMAGE=$base" -t "$tag" "$stage" >/dev/null
echo "$tag"
