#!/usr/bin/env bash
# examples/wordcount: a map/reduce word count (README.md). Packs the mapper with the corpus
# as its image, starts one reducer and N mappers as separate `zvm run` processes, each
# mapper over its share of the files, each joined to the reducer by its own ZeroMQ channel
# (the mapper's stdout, the reducer's /dev/inI), and prints the reducer's table.
#
#   examples/wordcount/run.sh [--build DIR] [--transport tcp|ipc] [--mappers N]
#                             [--timeout S] [--check]
#
#   --build DIR       the build directory (default: build/ next to this repository's root)
#   --transport T     tcp: tcp://127.0.0.1:PORT, free ports chosen now; ipc: Unix sockets
#                     in a temporary directory (default tcp)
#   --mappers N       how many mappers (default 4)
#   --timeout S       every instance's session timeout (default 60)
#   --check           also count natively in one process (wordcount_native) and fail
#                     unless the tables are identical
# Exit status: 0; 1 when an instance failed or --check found a difference; 2 bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build"
transport=tcp
mappers=4
timeout=60
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --transport) transport=$2; shift 2 ;;
    --mappers) mappers=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --check) check=1; shift ;;
    *) echo "run.sh: unknown option '$1' (see the comment at the top)" >&2; exit 2 ;;
  esac
done
case "$transport" in tcp|ipc) ;; *) echo "run.sh: --transport is tcp or ipc" >&2; exit 2 ;; esac
case "$mappers" in ''|*[!0-9]*|0) echo "run.sh: --mappers is a number >= 1" >&2; exit 2 ;; esac

zvm="$build/bin/zvm"
ex="$build/examples/wordcount"
texts="$ex/texts"
for f in "$zvm" "$ex/wordcount_mapper.nexe" "$ex/wordcount_reducer.nexe" "$texts/text-00.txt" \
  "$build/bin/wordcount_native"; do
  [ -e "$f" ] || { echo "run.sh: $f is missing: build first (cmake --build $build)" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/zvm-wordcount.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The mapper as a zapp whose read-only image is the corpus (the files at /).
"$zvm" pack -o "$work/mapper.zapp" --nexe "$ex/wordcount_mapper.nexe" --dir "$texts" >/dev/null
files=()
for f in "$texts"/text-*.txt; do files+=("$(basename "$f")"); done

# Loopback ports nobody listens on or uses now (from /proc/net/tcp*), none chosen twice.
used_ports() {
  local sl local_address rest
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    while read -r sl local_address rest; do
      [ "$sl" = sl ] || echo $((16#${local_address##*:}))
    done <"$f"
  done
}
pick_ports() {
  local used chosen=() p
  used=" $(used_ports | tr '\n' ' ') "
  while [ ${#chosen[@]} -lt "$mappers" ]; do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    case "$used ${chosen[*]} " in *" $p "*) continue ;; esac
    chosen+=("$p")
  done
  echo "${chosen[*]}"
}

limits_in="1000000,1073741824,0,0"    # gets, getsize, puts, putsize of a reader
limits_out="0,0,1000000,1073741824"   # ... of a writer

run_once() {
  local endpoints=() i
  if [ "$transport" = tcp ]; then
    for p in $(pick_ports); do endpoints+=("tcp://127.0.0.1:$p"); done
  else
    for ((i = 0; i < mappers; ++i)); do endpoints+=("ipc://$work/mapper$i.sock"); done
  fi
  # The reducer binds one channel per mapper; each mapper connects its stdout to one.
  local reducer_channels=()
  for ((i = 0; i < mappers; ++i)); do
    reducer_channels+=(--channel "${endpoints[i]},/dev/in$i,0,0,$limits_in")
  done
  pids=()
  "$zvm" run --timeout "$timeout" "${reducer_channels[@]}" "$ex/wordcount_reducer.nexe" \
    -- "$mappers" >"$work/result.txt" 2>"$work/reducer.err" &
  local reducer=$!
  pids+=("$reducer")
  local mapper_pids=()
  for ((i = 0; i < mappers; ++i)); do
    local share=() j
    for ((j = i; j < ${#files[@]}; j += mappers)); do share+=("/${files[j]}"); done
    "$zvm" run --timeout "$timeout" --channel "${endpoints[i]},/dev/stdout,0,0,$limits_out" \
      "$work/mapper.zapp" -- "${share[@]}" 2>"$work/mapper$i.err" &
    mapper_pids+=($!)
    pids+=($!)
  done
  local status=0
  wait "$reducer" || status=$?
  if [ $status -ne 0 ]; then
    for p in "${mapper_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait "${mapper_pids[@]}" 2>/dev/null || true
    pids=()
    if [ $status -eq 125 ] && grep -q "cannot bind" "$work/reducer.err"; then
      return 3 # a port was taken meanwhile: try again with others
    fi
    echo "run.sh: the reducer failed (exit status $status):" >&2
    cat "$work/reducer.err" >&2
    return 1
  fi
  for ((i = 0; i < mappers; ++i)); do
    status=0
    wait "${mapper_pids[i]}" || status=$?
    if [ $status -ne 0 ]; then
      echo "run.sh: mapper $i failed (exit status $status):" >&2
      cat "$work/mapper$i.err" >&2
      return 1
    fi
  done
  pids=()
  return 0
}

status=3
for attempt in 1 2 3; do
  status=0
  run_once || status=$?
  [ $status -eq 3 ] || break
  echo "run.sh: a chosen port was taken meanwhile; choosing others" >&2
done
[ $status -eq 0 ] || exit 1

cat "$work/result.txt"
distinct=$(wc -l <"$work/result.txt")
total=$(awk '{ n += $1 } END { print n + 0 }' "$work/result.txt")
echo "wordcount: ${#files[@]} files, $mappers mappers over $transport: $total words, $distinct distinct" >&2
if [ $check -eq 1 ]; then
  "$build/bin/wordcount_native" "$texts"/text-*.txt >"$work/native.txt"
  if ! cmp -s "$work/result.txt" "$work/native.txt"; then
    echo "wordcount: DIFFERENT from the single-process count:" >&2
    diff "$work/native.txt" "$work/result.txt" >&2 || true
    exit 1
  fi
  echo "wordcount: identical to the single-process count (wordcount_native)" >&2
fi
