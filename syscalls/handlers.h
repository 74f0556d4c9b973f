// One handler per call, each in the file of its name (syscalls/<name>.cpp); calls that
// only return a constant identity share syscalls/identity.cpp, and dup/dup2/dup3 share
// syscalls/dup.cpp. The file calls of the read-only image are in syscalls/fs/<name>.cpp.
// docs/syscalls.md gives each call's semantics.
#pragma once

#include "syscalls/dispatch.h"

namespace zvm::syscalls {

#define ZVM_HANDLER(name) int64_t sys_##name(runtime::Instance& instance, const Args& args)

ZVM_HANDLER(read);
ZVM_HANDLER(write);
ZVM_HANDLER(readv);
ZVM_HANDLER(writev);
ZVM_HANDLER(close);
ZVM_HANDLER(ioctl);
ZVM_HANDLER(fcntl);
ZVM_HANDLER(dup);
ZVM_HANDLER(dup2);
ZVM_HANDLER(dup3);
ZVM_HANDLER(brk);
ZVM_HANDLER(mmap);
ZVM_HANDLER(munmap);
ZVM_HANDLER(mremap);
ZVM_HANDLER(mprotect);
ZVM_HANDLER(madvise);
ZVM_HANDLER(arch_prctl);
ZVM_HANDLER(set_tid_address);
ZVM_HANDLER(rt_sigaction);
ZVM_HANDLER(rt_sigprocmask);
ZVM_HANDLER(sigaltstack);
ZVM_HANDLER(clock_gettime);
ZVM_HANDLER(gettimeofday);
ZVM_HANDLER(time);
ZVM_HANDLER(nanosleep);
ZVM_HANDLER(sched_yield);
ZVM_HANDLER(getrandom);
ZVM_HANDLER(getpid);
ZVM_HANDLER(getppid);
ZVM_HANDLER(gettid);
ZVM_HANDLER(getuid);
ZVM_HANDLER(uname);
ZVM_HANDLER(getrlimit);
ZVM_HANDLER(setrlimit);
ZVM_HANDLER(prlimit64);
ZVM_HANDLER(exit);
ZVM_HANDLER(exit_group);
ZVM_HANDLER(zvm_snapshot); // ZVM_SYS_snapshot (syscalls/include/zvm/serve.h)

// The read-only image (syscalls/fs/).
ZVM_HANDLER(open);
ZVM_HANDLER(openat);
ZVM_HANDLER(lseek);
ZVM_HANDLER(pread64);
ZVM_HANDLER(pwrite64);
ZVM_HANDLER(preadv);
ZVM_HANDLER(preadv2);
ZVM_HANDLER(pwritev);
ZVM_HANDLER(pwritev2);
ZVM_HANDLER(ftruncate);
ZVM_HANDLER(utimensat);
ZVM_HANDLER(fstat);
ZVM_HANDLER(stat);
ZVM_HANDLER(lstat);
ZVM_HANDLER(newfstatat);
ZVM_HANDLER(statx);
ZVM_HANDLER(getdents64);
ZVM_HANDLER(access);
ZVM_HANDLER(faccessat);
ZVM_HANDLER(faccessat2);
ZVM_HANDLER(getcwd);
ZVM_HANDLER(chdir);
ZVM_HANDLER(fchdir);
ZVM_HANDLER(readlink);
ZVM_HANDLER(readlinkat);
ZVM_HANDLER(read_only);

#undef ZVM_HANDLER

} // namespace zvm::syscalls
