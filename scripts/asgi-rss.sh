#!/usr/bin/env bash
# asgi-rss.sh — server memory per held connection of the ASGI twin (one worker), SSE and WebSocket echo.
#
#   scripts/asgi-rss.sh [KIND] [CONNECTIONS] [ROUNDS]    KIND: sse, ws or both (both); 10,000; 1 round
#   SERVER=path/bench-server LOADGEN=path/loadgen scripts/asgi-rss.sh ...   other builds (default: this tree's Release)
#   GCDUMP=DIR scripts/asgi-rss.sh ...     also write a dotnet-gcdump of the server at each hold (needs dotnet-gcdump)
#
# Per round and kind a fresh `bench-server asgi --workers 1` runs on CPU 0 and loadgen on CPU 1:
# a warm-up of 300 connections, a full compacting collection (/stats?gc=1), the baseline RSS; then
# CONNECTIONS held (SSE at 1 event/s, or WebSocket echo at 1 msg/s) ramped at 2,000/s, and RSS read
# 25 s into the hold. Prints RSS per connection = (RSS held - baseline) / CONNECTIONS, and the live
# managed heap per connection after a second full collection at the hold (what is left of RSS is the
# GC's slack and native memory). A benchmark, not a test: RSS hardly depends on CPU load, but quote
# the command and the load average with the figures.
set -uo pipefail
cd "$(dirname "$0")/.."

kind=${1:-both}; n=${2:-10000}; rounds=${3:-1}
case "$kind" in sse|ws|both) ;; *) echo "asgi-rss: KIND must be sse, ws or both (got '$kind')" >&2; exit 2 ;; esac
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "asgi-rss: CONNECTIONS must be a positive integer (got '$n')" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "asgi-rss: ROUNDS must be a positive integer (got '$rounds')" >&2; exit 2; }
server=${SERVER:-src/Servers/bin/Release/net10.0/bench-server}
loadgen=${LOADGEN:-src/LoadGen/bin/Release/net10.0/loadgen}
for f in "$server" "$loadgen"; do [ -x "$f" ] || { echo "asgi-rss: $f is missing (dotnet build Bench.sln -c Release)" >&2; exit 2; }; done
ulimit -n "$(ulimit -Hn)"   # each process holds one descriptor per connection (20,000 here allows 19,000)
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((n + 500)) ] || { echo "asgi-rss: CONNECTIONS $n needs a descriptor limit of $((n + 500)) (hard limit $(ulimit -Hn))" >&2; exit 2; }
gcdump=${GCDUMP:-}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
[ -n "$gcdump" ] && { mkdir -p "$gcdump"; command -v dotnet-gcdump >/dev/null || PATH=$PATH:$HOME/.dotnet/tools; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
stat_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

measure() { # kind round
  local kind=$1 round=$2 port sp lp scheme scenario extra base held settled heap_base heap_held stats
  port=$((20000 + RANDOM % 10000))
  taskset -c 0 "$server" asgi --port "$port" --workers 1 > /dev/null 2>&1 & sp=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  if [ "$kind" = ws ]; then scheme=ws; scenario=ws-echo; extra=(--message-rate 1); else scheme=http; scenario=sse; extra=(--event-interval 1s); fi
  taskset -c 1 "$loadgen" run --scenario $scenario --url $scheme://127.0.0.1:$port --connections 300 --ramp-rate 0 --duration 4s "${extra[@]}" > /dev/null 2>&1
  sleep 1
  heap_base=$(curl -s "http://127.0.0.1:$port/stats?gc=1" | stat_of gc_heap_bytes); sleep 1
  base=$(rss_kib $sp)
  taskset -c 1 "$loadgen" run --scenario $scenario --url $scheme://127.0.0.1:$port --connections "$n" --ramp-rate 2000 \
    --duration $((n / 2000 + 45))s "${extra[@]}" > "$work/$kind-$round.txt" 2>&1 & lp=$!
  sleep $((n / 2000 + 25))
  held=$(rss_kib $sp)
  stats=$(curl -s "http://127.0.0.1:$port/stats?gc=1"); heap_held=$(stat_of gc_heap_bytes <<< "$stats")
  settled=$(rss_kib $sp)
  [ -n "$gcdump" ] && dotnet-gcdump collect -p $sp -o "$gcdump/$kind-$round.gcdump" > /dev/null 2>&1
  open=$(stat_of open_connections <<< "$stats")
  wait $lp; local code=$?
  kill $sp; wait $sp 2>/dev/null
  # loadgen's own account of the hold: a run that did not hold every connection measures less than it says
  grep -E '^  (sessions|finding) ' "$work/$kind-$round.txt" | head -2
  awk -v k="$kind" -v r="$round" -v n="$n" -v o="$open" -v b="$base" -v h="$held" -v s="$settled" -v hb="$heap_base" -v hh="$heap_held" -v c="$code" 'BEGIN {
    printf "%-3s round %d: %d open of %d, loadgen exit %d | RSS %d -> %d KiB: %.2f KiB/connection | live heap %.2f KiB/connection | RSS after a full GC %.2f KiB/connection\n",
      k, r, o, n, c, b, h, (h - b) / n, (hh - hb) / 1024 / n, (s - b) / n }'
}

echo "asgi-rss: $kind, $n connections, $rounds round(s); server $server; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  [ "$kind" = ws ] || measure sse "$round"
  [ "$kind" = sse ] || measure ws "$round"
done
echo "asgi-rss: done; load average $(cut -d' ' -f1-3 /proc/loadavg)"
