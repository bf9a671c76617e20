#!/bin/sh
# redis-cli for the offline "redis" course image: sends one command (the arguments) to 127.0.0.1:6379, or
# to -h HOST -p PORT, and prints the reply the way redis-cli does when its output is not a terminal.
HOST=127.0.0.1
PORT=6379
while [ $# -gt 0 ]; do
  case "$1" in
    -h) HOST=$2; shift 2 ;;
    -p) PORT=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -eq 0 ] && set -- PING
CR=$(printf '\r')
{
  printf '*%s\r\n' "$#"
  for a in "$@"; do printf '$%s\r\n%s\r\n' "$(printf '%s' "$a" | wc -c)" "$a"; done
  printf '*1\r\n$4\r\nQUIT\r\n'
} | nc "$HOST" "$PORT" | {
  IFS= read -r line || { echo "Could not connect to Redis at $HOST:$PORT: Connection refused" >&2; exit 1; }
  line=${line%"$CR"}
  case "$line" in
    +*) echo "${line#+}" ;;
    -*) echo "(error) ${line#-}" ;;
    :*) echo "${line#:}" ;;
    '$-1') echo "" ;;
    '$'*) dd bs=1 count="${line#\$}" 2>/dev/null; echo ;;
    '*'*)
      n=${line#\*}
      while [ "$n" -gt 0 ]; do
        IFS= read -r len; len=${len%"$CR"}
        IFS= read -r item; echo "${item%"$CR"}"
        n=$((n - 1))
      done ;;
  esac
  cat > /dev/null
}
