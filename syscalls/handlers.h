// One handler per call, each in the file of its name (syscalls/<name>.cpp).
#pragma once

#include "syscalls/dispatch.h"

namespace zvm::syscalls {

int64_t sys_write(runtime::Instance& instance, const Args& args);
int64_t sys_exit(runtime::Instance& instance, const Args& args);
int64_t sys_exit_group(runtime::Instance& instance, const Args& args);

} // namespace zvm::syscalls
