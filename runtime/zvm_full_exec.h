// The static `zvm` (docs/design.md, "Two binaries") does only the fast path of `zvm run`:
// a nexe or zapp whose channels are host files or stdio. Everything else (the other
// subcommands, network channels, violations printed with their disassembly) it hands to
// `zvm-full`, the dynamically linked binary next to it, by executing it in place of itself
// with the same arguments: zvm-full re-runs the whole command, so its messages and exit
// status are the user's answer. The hand-over happens before the sandbox or the seccomp
// filter exist; the descriptors zvm opened are close-on-exec.
#pragma once

#include <string>

namespace zvm::runtime {

// Executes <directory of this executable>/zvm-full with this process's arguments
// (/proc/self/cmdline) and environment. Returns only when that is impossible, with *error
// saying why (e.g. "cannot execute /x/bin/zvm-full: No such file or directory", or that
// this process is zvm-full itself, which never hands over to itself).
void exec_zvm_full(std::string* error);

} // namespace zvm::runtime
