#!/usr/bin/env bash
# Set-up (scripts/setup.sh), then a tour of the whole path: compile a C program with
# zcc into a nexe, validate it with zvalidate, and run it inside the sandbox with zvm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
bin="$root/build/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

step "Compile examples/hello/hello.c into a nexe with zcc (clang-19 + the rewriting assembler)" \
  "zcc -O2 -o hello.nexe examples/hello/hello.c"
"$bin/zcc" -O2 -o "$work/hello.nexe" "$root/examples/hello/hello.c"
ls -l "$work/hello.nexe"

step "Validate it: prove the code stays inside its 4 GiB sandbox" "zvalidate hello.nexe"
"$bin/zvalidate" "$work/hello.nexe" && echo "zvalidate: hello.nexe is valid"

step "Run it in the sandbox; its arguments pass through, its exit code becomes ours" \
  "zvm run hello.nexe -- from the sandbox"
set +e
"$bin/zvm" run "$work/hello.nexe" -- from the sandbox
status=$?
set -e
echo "exit status: $status"

step "Pack a zapp: the wc program plus examples/wc/data as its read-only image" \
  "zvm pack -o wc.zapp --nexe wc.nexe --dir examples/wc/data"
"$bin/zcc" -O2 -o "$work/wc.nexe" "$root/examples/wc/wc.c"
"$bin/zvm" pack -o "$work/wc.zapp" --nexe "$work/wc.nexe" --dir "$root/examples/wc/data"
tar tvf "$work/wc.zapp"

step "Run the zapp: it reads its image and writes to the channel /dev/output (a host file, at most 64 KiB)" \
  "zvm run wc.zapp --channel out.txt,/dev/output,0,0,0,0,100,65536 --report text"
"$bin/zvm" run "$work/wc.zapp" --channel "$work/out.txt,/dev/output,0,0,0,0,100,65536" --report text
echo "--- out.txt (written by the sandboxed program through its channel):"
cat "$work/out.txt"

step "Serve it: one fresh, isolated instance per request, over ZeroMQ and HTTP" \
  "zvm serve --app hello=hello.zapp --zmq ipc://.../zvm.sock --http 127.0.0.1:PORT"
"$bin/zvm" pack -o "$work/hello.zapp" --nexe "$work/hello.nexe"
port=$((20000 + $$ % 20000))  # an unlikely-to-be-taken loopback port
"$bin/zvm" serve --app "hello=$work/hello.zapp" --zmq "ipc://$work/zvm.sock" \
  --http "127.0.0.1:$port" --workers 2 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT  # the server may have ended already
for _ in $(seq 100); do grep -q "zvm serve: ready" "$work/serve.log" && break; sleep 0.1; done
cat "$work/serve.log"
for i in 1 2 3; do
  printf '$ zvm call --zmq ipc://.../zvm.sock hello -- request %s\n' "$i"
  "$bin/zvm" call --no-stdin --zmq "ipc://$work/zvm.sock" hello -- request "$i" || true
done
printf '$ zvm call --http 127.0.0.1:%s hello --report -- over http\n' "$port"
"$bin/zvm" call --no-stdin --http "127.0.0.1:$port" hello --report -- over http || true
kill -TERM "$server"
wait "$server"
echo "zvm serve stopped (status $?)"
