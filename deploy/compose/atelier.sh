#!/usr/bin/env bash
# atelier.sh runs a one-machine workshop with Docker Compose.
#   deploy/compose/atelier.sh up        build the images if needed, create the data directory, start, wait healthy
#   deploy/compose/atelier.sh backup    consistent online backup of the data directory into deploy/compose/backups/
#   deploy/compose/atelier.sh down      stop (data is kept)
#   deploy/compose/atelier.sh logs      follow the logs
# Settings come from deploy/compose/.env (see .env.example): INSTRUCTOR_TOKEN, ATELIER_DATA_DIR, ports.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
fi
if [ -z "${ATELIER_IMAGE:-}" ]; then
  ATELIER_IMAGE="atelier/platform:$(node -p "require('$root/package.json').version" 2>/dev/null || echo 0.1.0)"
fi
export ATELIER_IMAGE
export ATELIER_DATA_DIR="${ATELIER_DATA_DIR:-/var/lib/atelier}"
export ATELIER_FILES_DIR="${ATELIER_FILES_DIR:-/dev/shm/atelier}"

if docker compose version >/dev/null 2>&1; then
  compose() { docker compose -p "${COMPOSE_PROJECT_NAME:-atelier}" -f "$here/compose.yaml" "$@"; }
elif command -v docker-compose >/dev/null 2>&1; then
  compose() { docker-compose -p "${COMPOSE_PROJECT_NAME:-atelier}" -f "$here/compose.yaml" "$@"; }
else
  echo "atelier: Docker Compose is missing (install the docker-compose-plugin or docker-compose package)" >&2
  exit 1
fi

wait_healthy() {
  local id status
  id="$(compose ps -q platform)"
  for _ in $(seq 1 180); do
    status="$(docker inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null || echo starting)"
    if [ "$status" = healthy ]; then
      echo "atelier: ready on http://localhost:${ATELIER_PORT:-8080}"
      return 0
    fi
    sleep 1
  done
  echo "atelier: the platform is not healthy ($status); last logs:" >&2
  compose logs --tail 40 platform >&2
  return 1
}

case "${1:-}" in
  up)
    if ! docker image inspect "$ATELIER_IMAGE" >/dev/null 2>&1; then
      if [ ! -x "$root/deploy/docker/build-image.sh" ]; then
        echo "atelier: image $ATELIER_IMAGE not found; load the offline bundle (load.sh) first" >&2
        exit 1
      fi
      "$root/deploy/docker/build-image.sh" "$ATELIER_IMAGE"
    fi
    mkdir -p "$ATELIER_DATA_DIR" "$ATELIER_FILES_DIR"
    chmod 0700 "$ATELIER_FILES_DIR"
    # The platform runs as uid 10001 (user atelier of the image).
    chown 10001:10001 "$ATELIER_DATA_DIR" "$ATELIER_FILES_DIR" 2>/dev/null || true
    compose up -d
    wait_healthy
    ;;
  backup)
    backups="${ATELIER_BACKUP_DIR:-$here/backups}"
    mkdir -p "$backups"
    file="$backups/atelier-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
    compose exec -T platform sh -c \
      'set -e; dir=$(mktemp -d); node --import tsx deploy/backup/backup.ts "$dir/data" "$DATA_DIR" >&2; tar -czf - -C "$dir/data" .; rm -rf "$dir"' \
      >"$file"
    echo "$file"
    ;;
  down) compose down ;;
  logs) compose logs -f ;;
  *)
    echo "usage: $0 up|backup|down|logs" >&2
    exit 2
    ;;
esac
