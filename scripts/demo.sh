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
