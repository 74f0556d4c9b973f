// Exec mode's one window onto the host's files (docs/syscalls.md, "Exec mode"): a regular
// file directly in the working directory of `zvm exec` (runtime/exec_command.h), named by
// one plain component, opened relative to a directory descriptor zvm opened before entry.
// That is what configure's run checks need (AC_CHECK_SIZEOF and AC_COMPUTE_INT write
// conftest.val; configure reads it afterwards) and no more: no other directory, no
// symbolic link, no device, FIFO or directory is ever opened, and seccomp allows the host
// call only at that descriptor (runtime/exec_seccomp_policy.inc).
#pragma once

#include "runtime/channels/channel.h"

#include <memory>
#include <string_view>
#include <sys/types.h>

namespace zvm::runtime {

// The host descriptor number of the working directory in exec mode: fixed, so that the
// seccomp filter, compiled at build time, can allow openat at exactly this descriptor.
inline constexpr int kHostCwdFd = 99;

// True for a name that stays in the directory: not empty, not "." or "..", no '/', at
// most NAME_MAX bytes.
bool is_cwd_file_name(std::string_view name);

// Opens `name` (is_cwd_file_name) in the directory `dir_fd` with the sandbox's open()
// `flags` (access mode, O_CREAT, O_EXCL, O_TRUNC, O_APPEND are kept, the rest ignored;
// O_DIRECTORY, O_PATH and O_TMPFILE are refused) and `mode` (permission bits only, the
// umask applies): openat(dir_fd, name, ... | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
// O_CLOEXEC). Returns the channel (random read and write, or sequential writes with
// O_APPEND; no limits of its own: the run's output quota applies), or nullptr with *err:
// -EACCES for a name that is not plain, a symbolic link, anything but a regular file
// (closed again at once) or a refused flag; the host's -errno otherwise (-ENOENT,
// -EEXIST, -EISDIR, -EACCES, -ENOSPC, ...).
std::unique_ptr<Channel> open_cwd_file(int dir_fd, std::string_view name, int flags, mode_t mode,
                                       int* err);

} // namespace zvm::runtime
