#!/usr/bin/env bash
# What the sandbox's rewriting costs SQLite, in instructions (callgrind), apart from the compiler.
# valgrind cannot run `zvm run` (it cannot reserve the sandbox's address range), so the same
# rewritten code is run as a host process: zcc's assembly (zcc -S) through `zvm-as --measure`,
# which keeps zvm-as's exact layout (bundles, padding, the return and mask sequences) but writes
# 0x3E instead of 0x67 and masks of -1, linked with the host's musl (musl-gcc) and run on a stack
# below 4 GiB (host_stack.c). Four builds of the same amalgamation, same workload:
#   gcc       musl-gcc -static -O2: bench/overhead's baseline (examples/sqlite's sqlite3-native)
#   clang     zcc -S, assembled by clang-19 unchanged: the compiler and zcc's flags, no sandbox
#   rewrite   zcc -S, zvm-as --measure: what the sandbox executes (SQLite's code; libc is musl-gcc's)
# Prints each build's instruction count and, for `rewrite`, where the extra instructions are.
#
#   bench/overhead/rewrite_cost.sh [BUILD_DIR] [SCALE]   (defaults: build, 10 = a tenth of
#                                                         workloads/sqlite.sql's rows)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "${1:-$here/../../build}")
scale=${2:-10}
amalg=$build/examples/sqlite/amalgamation
work=$(mktemp -d /tmp/rewrite-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

flags=(-O2 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_TEMP_STORE=3 -w)
for f in sqlite3 shell; do
  "$build/bin/zcc" "${flags[@]}" -S "$amalg/$f.c" -o "$f.s"
  clang-19 -c "$f.s" -o "$f.clang.o"
  "$build/bin/zvm-as" --measure -o "$f.rewrite.o" "$f.s"
done
objcopy --redefine-sym main=zvm_measured_main shell.rewrite.o
musl-gcc -O2 -c "$here/host_stack.c" -o host_stack.o
musl-gcc -static sqlite3.clang.o shell.clang.o -o sqlite-clang -lm
musl-gcc -static host_stack.o sqlite3.rewrite.o shell.rewrite.o -o sqlite-rewrite -lm
cp "$build/examples/sqlite/sqlite3-native" sqlite-gcc

awk -v s="$scale" '{ while (match($0, /i < [0-9]+/)) {
                       n = int(substr($0, RSTART + 4, RLENGTH - 4) / s)
                       $0 = substr($0, 1, RSTART - 1) "i @ " n substr($0, RSTART + RLENGTH) }
                     gsub(/i @ /, "i < "); print }' "$here/workloads/sqlite.sql" >workload.sql

declare -A count
for b in gcc clang rewrite; do
  extra=()
  [ "$b" = rewrite ] && extra=(--dump-instr=yes)
  valgrind --tool=callgrind "${extra[@]}" --callgrind-out-file="cg.$b" "./sqlite-$b" -batch \
    <workload.sql >"out.$b" 2>"vg.$b"
  count[$b]=$(sed -n 's/^summary: //p' "cg.$b")
done
cmp -s out.gcc out.clang && cmp -s out.gcc out.rewrite ||
  { echo "rewrite_cost: the three builds disagree on the workload's output" >&2; exit 1; }
for b in gcc clang rewrite; do
  awk -v b="$b" -v n="${count[$b]}" -v g="${count[gcc]}" \
    'BEGIN { printf "%-8s %14d instructions  %.3f x gcc\n", b, n, n / g }'
done
llvm-objdump-19 -d --no-show-raw-insn sqlite-rewrite >rewrite.dis
python3 - cg.rewrite rewrite.dis "${count[clang]}" <<'PY'
# Self cost per instruction address (callgrind --dump-instr=yes, positions "instr line"),
# classified by the disassembly: padding nops by what follows them, the return and mask
# sequences. A run of nops ending at a bundle start before an instruction longer than the run
# is bundle-crossing padding; before a call, call padding.
import bisect, collections, re, sys
cost, last, skip = collections.Counter(), 0, False
for line in open(sys.argv[1]):
    if line.startswith('calls='): skip = True; continue
    if not line or line[0] not in '0123456789+-*': continue
    f = line.split()
    p = f[0]
    last = (last if p == '*' else int(p, 16) if p.startswith('0x') else
            last + int(p[1:], 0) if p[0] == '+' else last - int(p[1:], 0) if p[0] == '-' else int(p))
    if skip: skip = False; continue
    if len(f) > 2: cost[last] += int(f[2])
insn = {}
for line in open(sys.argv[2]):
    m = re.match(r'^\s*([0-9a-f]+):\s*(\S+)\s*(.*)$', line)
    if m: insn[int(m.group(1), 16)] = (m.group(2), m.group(3))
addrs = sorted(insn)
kinds = collections.Counter()
for i, a in enumerate(addrs):
    n = cost.get(a, 0)
    if not n: continue
    mn, ops = insn[a]
    if 'nop' in mn:
        j = i
        while j < len(addrs) - 1 and 'nop' in insn[addrs[j]][0]: j += 1
        k = i
        while k > 0 and 'nop' in insn[addrs[k - 1]][0]: k -= 1
        b, after = addrs[j], insn[addrs[j]][0]
        nxt = insn[addrs[j + 1]][0] if j + 1 < len(addrs) else ''
        if after.startswith('call') or (after.startswith('and') and nxt.startswith('call')):
            k2 = 'nops: call padding'
        elif after.startswith('and') and nxt.startswith('jmp'):
            k2 = 'nops: masked jump in one bundle'
        elif b % 32 == 0 and b - addrs[k] < addrs[j + 1] - b:
            k2 = 'nops: instruction would cross a bundle'
        else:
            k2 = 'nops: alignment (labels, loops)'
    elif mn.startswith('pop') and ops == '%r11': k2 = 'popq %r11 (returns)'
    elif mn.startswith('and') and ops.startswith('$-0x1,'): k2 = 'andl $-1 (masks: returns, jumps, calls)'
    else: k2 = 'other'
    kinds[k2] += n
total, clang = sum(cost.values()), int(sys.argv[3])
print(f'rewrite - clang = {total - clang} instructions ({(total - clang) / clang * 100:.1f}% of clang); rewrite by kind:')
for k, n in kinds.most_common():
    print(f'  {k:45s} {n:12d}  {n / clang * 100:5.1f}% of clang')
PY
