#!/usr/bin/env bash
# make-bundle.sh writes the offline bundle for classrooms without internet: one archive holding the platform
# image and the course images (busybox-based stand-ins for nginx, busybox, redis, httpd, ... that the Docker
# runtime runs), plus the compose files and the instructions to load them.
#
# Usage: deploy/offline/make-bundle.sh [OUTPUT.tar]     (default: atelier-offline-<version>.tar in the current folder)
# Then, on the classroom machine:  tar -xf atelier-offline-<version>.tar && ./atelier-offline/load.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="$(node -p "require('$root/package.json').version")"
output="${1:-$(pwd)/atelier-offline-${version}.tar}"
platform="${ATELIER_IMAGE:-atelier/platform:${version}}"

if ! docker image inspect "$platform" >/dev/null 2>&1; then
  "$root/deploy/docker/build-image.sh" "$platform" >/dev/null
fi
# The course images are built from busybox by the platform itself; build them here so the bundle has them.
(cd "$root" && node --import tsx mini-k8s/src/kubelet/runtime/docker/build-images.ts >/dev/null)
mapfile -t course < <(docker images --format '{{.Repository}}:{{.Tag}}' --filter 'reference=atelier/*' |
  grep -v -e '^atelier/platform:' -e '^atelier/node-base:' | sort)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/atelier-offline/compose"
docker save "$platform" "${course[@]}" | gzip -1 >"$work/atelier-offline/images.tar.gz"
cp "$root/deploy/compose/compose.yaml" "$root/deploy/compose/.env.example" "$root/deploy/compose/atelier.sh" \
  "$work/atelier-offline/compose/"
printf '\n# The platform image of this bundle.\nATELIER_IMAGE=%s\n' "$platform" >>"$work/atelier-offline/compose/.env.example"
cat >"$work/atelier-offline/load.sh" <<LOAD
#!/bin/sh
# Loads the Atelier Kubernetes images into the local Docker engine (no registry, no internet needed).
set -e
cd "\$(dirname "\$0")"
gunzip -c images.tar.gz | docker load
echo "Images chargées. Ensuite : cd compose && cp .env.example .env, renseignez INSTRUCTOR_TOKEN dans .env,"
echo "puis lancez ./atelier.sh up (et ./atelier.sh backup pour une sauvegarde)."
LOAD
chmod +x "$work/atelier-offline/load.sh"
printf '%s\n' "$platform" "${course[@]}" >"$work/atelier-offline/IMAGES"
tar -C "$work" -cf "$output" atelier-offline
echo "$output"
