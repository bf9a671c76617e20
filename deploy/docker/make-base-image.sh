#!/usr/bin/env bash
# make-base-image.sh builds the platform's base image without any registry: a root file system holding this
# machine's Node.js (the binary and the shared libraries it links), CA certificates, a statically linked busybox
# for the shell and the health check, and an unprivileged `atelier` user (uid 10001), imported with `docker import`.
#
# Usage: deploy/docker/make-base-image.sh [TAG]      (default TAG: atelier/node-base:<node major>)
# Needs: docker, node, ldd, and Debian's busybox-static (/bin/busybox, statically linked).
set -euo pipefail

node_bin="$(command -v node)"
node_major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
tag="${1:-atelier/node-base:${node_major}}"

busybox=""
for candidate in /bin/busybox /usr/bin/busybox; do
  if [ -x "$candidate" ] && file -L "$candidate" 2>/dev/null | grep -q 'statically linked'; then
    busybox="$candidate"
    break
  fi
done
if [ -z "$busybox" ]; then
  echo "make-base-image: no statically linked busybox found; install the Debian package busybox-static" >&2
  exit 1
fi

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs"/{bin,etc,tmp,usr/local/bin,home/atelier,data,app}
chmod 1777 "$rootfs/tmp"

# Node.js and every shared library it needs, at the same paths (the dynamic loader included).
install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
ldd "$node_bin" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | sort -u | while read -r lib; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
# getaddrinfo's name service modules (files and dns) are loaded at run time, not linked.
for nss in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
  /lib/x86_64-linux-gnu/libresolv.so.2; do
  if [ -e "$nss" ]; then
    mkdir -p "$rootfs$(dirname "$nss")"
    cp -L "$nss" "$rootfs$nss"
  fi
done

# busybox: /bin/sh and the usual applets (wget for the health check, tar for backups).
install -m 0755 "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done

if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$rootfs/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
fi
cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
atelier:x:10001:10001:Atelier Kubernetes:/home/atelier:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
atelier:x:10001:
nogroup:x:65534:
GROUP
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$rootfs/etc/hosts"
chown -R 10001:10001 "$rootfs/home/atelier" "$rootfs/data"

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV NODE_ENV=production' \
  --change 'WORKDIR /app' \
  - "$tag" >/dev/null
echo "$tag"
