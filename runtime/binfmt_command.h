// `zvm binfmt install|remove|status [--name NAME] [--binfmt-dir DIR]` (zvm-full,
// docs/cli.md): registers, removes or shows the binfmt_misc entry that makes the kernel
// run nexes with zvm (runtime/binfmt.h has the rule, runtime/exec_command.h the
// interpreter). Returns the exit status of docs/cli.md's table.
#pragma once

#include <string>

namespace zvm::runtime {

struct BinfmtOptions {
    std::string action;                           // install, remove or status
    std::string name = "zvm";                     // the entry's name
    std::string dir = "/proc/sys/fs/binfmt_misc"; // where binfmt_misc is mounted
};

namespace binfmt_status {
inline constexpr int kConflict = 1;    // install: NAME exists; remove/status: NAME does not
inline constexpr int kUnavailable = 3; // binfmt_misc not mounted at DIR, or not permitted
} // namespace binfmt_status

int binfmt_command(const BinfmtOptions& options);

} // namespace zvm::runtime
