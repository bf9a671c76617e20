#!/bin/sh
# redis-session serves one client connection of the offline "redis" course image: a RESP2 subset
# (PING ECHO SET GET DEL EXISTS INCR DECR INCRBY KEYS DBSIZE FLUSHALL COMMAND QUIT) on files under
# /data/keys, one file per key (name = hex of the key). Started by `nc -ll -p 6379 -e`, stdin/stdout are
# the socket. Inline commands (`PING` typed into telnet/nc) are accepted too.
DATA=/data/keys
mkdir -p "$DATA"
CR=$(printf '\r')

keyfile() { printf '%s/%s' "$DATA" "$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')"; }
simple() { printf '+%s\r\n' "$1"; }
error() { printf -- '-%s\r\n' "$1"; }
integer() { printf ':%s\r\n' "$1"; }
bulk() { printf '$%s\r\n%s\r\n' "$(printf '%s' "$1" | wc -c)" "$1"; }
bulkfile() { printf '$%s\r\n' "$(wc -c < "$1")"; cat "$1"; printf '\r\n'; }
nil() { printf '$-1\r\n'; }

readline() { IFS= read -r line || exit 0; line=${line%"$CR"}; }

# readcommand fills $1.. (via `set --`) with the next command's arguments; values go to numbered files.
readcommand() {
  readline
  case "$line" in
    '*'*)
      count=${line#\*}
      ARGS=""
      i=0
      while [ "$i" -lt "$count" ]; do
        readline
        len=${line#\$}
        dd bs=1 count="$len" of="$TMP/arg$i" 2>/dev/null
        readline
        i=$((i + 1))
      done
      ARGC=$count
      ;;
    *)
      # shellcheck disable=SC2086
      set -f; set -- $line; set +f
      ARGC=$#
      i=0
      for word in "$@"; do printf '%s' "$word" > "$TMP/arg$i"; i=$((i + 1)); done
      ;;
  esac
}

arg() { cat "$TMP/arg$1"; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
while true; do
  readcommand
  [ "$ARGC" -gt 0 ] 2>/dev/null || continue
  cmd=$(arg 0 | tr '[:lower:]' '[:upper:]')
  case "$cmd" in
    PING) if [ "$ARGC" -gt 1 ]; then bulk "$(arg 1)"; else simple PONG; fi ;;
    ECHO) bulkfile "$TMP/arg1" ;;
    SET) cp "$TMP/arg2" "$(keyfile "$(arg 1)")"; simple OK ;;
    GET) f=$(keyfile "$(arg 1)"); if [ -f "$f" ]; then bulkfile "$f"; else nil; fi ;;
    DEL|EXISTS)
      n=0; i=1
      while [ "$i" -lt "$ARGC" ]; do
        f=$(keyfile "$(arg "$i")")
        if [ -f "$f" ]; then n=$((n + 1)); [ "$cmd" = DEL ] && rm -f "$f"; fi
        i=$((i + 1))
      done
      integer "$n" ;;
    INCR|DECR|INCRBY|DECRBY)
      f=$(keyfile "$(arg 1)")
      v=0; [ -f "$f" ] && v=$(cat "$f")
      by=1; [ "$ARGC" -gt 2 ] && by=$(arg 2)
      case "$v$by" in *[!0-9-]*) error 'ERR value is not an integer or out of range'; continue ;; esac
      case "$cmd" in DECR|DECRBY) v=$((v - by)) ;; *) v=$((v + by)) ;; esac
      printf '%s' "$v" > "$f"; integer "$v" ;;
    KEYS)
      n=$(ls "$DATA" | wc -l); printf '*%s\r\n' "$n"
      for f in $(ls "$DATA"); do bulk "$(printf '%s' "$f" | sed 's/../\\x&/g' | xargs -0 printf '%b')"; done ;;
    DBSIZE) integer "$(ls "$DATA" | wc -l)" ;;
    FLUSHALL|FLUSHDB) rm -f "$DATA"/*; simple OK ;;
    COMMAND) printf '*0\r\n' ;;
    QUIT) simple OK; exit 0 ;;
    *) error "ERR unknown command '$(arg 0)', with args beginning with: " ;;
  esac
done
