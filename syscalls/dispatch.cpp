#include "syscalls/dispatch.h"

#include "syscalls/handlers.h"
#define ZVM_SERVE_NUMBER_ONLY
#include "syscalls/include/zvm/serve.h"

#include <array>
#include <cerrno>
#include <sys/syscall.h>

namespace zvm::syscalls {
namespace {

// Linux x86-64 numbers go up to about 460; anything at or above this is unknown.
constexpr uint64_t kTableSize = 512;

constexpr std::array<Handler, kTableSize> make_table() {
    std::array<Handler, kTableSize> t{};
    t[SYS_read] = sys_read;
    t[SYS_write] = sys_write;
    t[SYS_readv] = sys_readv;
    t[SYS_writev] = sys_writev;
    t[SYS_close] = sys_close;
    t[SYS_ioctl] = sys_ioctl;
    t[SYS_fcntl] = sys_fcntl;
    t[SYS_dup] = sys_dup;
    t[SYS_dup2] = sys_dup2;
    t[SYS_dup3] = sys_dup3;
    t[SYS_brk] = sys_brk;
    t[SYS_mmap] = sys_mmap;
    t[SYS_munmap] = sys_munmap;
    t[SYS_mremap] = sys_mremap;
    t[SYS_mprotect] = sys_mprotect;
    t[SYS_madvise] = sys_madvise;
    t[SYS_arch_prctl] = sys_arch_prctl;
    t[SYS_set_tid_address] = sys_set_tid_address;
    t[SYS_rt_sigaction] = sys_rt_sigaction;
    t[SYS_rt_sigprocmask] = sys_rt_sigprocmask;
    t[SYS_sigaltstack] = sys_sigaltstack;
    t[SYS_clock_gettime] = sys_clock_gettime;
    t[SYS_gettimeofday] = sys_gettimeofday;
    t[SYS_time] = sys_time;
    t[SYS_nanosleep] = sys_nanosleep;
    t[SYS_sched_yield] = sys_sched_yield;
    t[SYS_getrandom] = sys_getrandom;
    t[SYS_getpid] = sys_getpid;
    t[SYS_getppid] = sys_getppid;
    t[SYS_gettid] = sys_gettid;
    t[SYS_getuid] = sys_getuid;
    t[SYS_geteuid] = sys_getuid;
    t[SYS_getgid] = sys_getuid;
    t[SYS_getegid] = sys_getuid;
    t[SYS_uname] = sys_uname;
    t[SYS_getrlimit] = sys_getrlimit;
    t[SYS_setrlimit] = sys_setrlimit;
    t[SYS_prlimit64] = sys_prlimit64;
    t[SYS_exit] = sys_exit;
    t[SYS_exit_group] = sys_exit_group;
    // The read-only image.
    t[SYS_open] = sys_open;
    t[SYS_openat] = sys_openat;
    t[SYS_lseek] = sys_lseek;
    t[SYS_pread64] = sys_pread64;
    t[SYS_pwrite64] = sys_pwrite64;
    t[SYS_preadv] = sys_preadv;
    t[SYS_preadv2] = sys_preadv2;
    t[SYS_pwritev] = sys_pwritev;
    t[SYS_pwritev2] = sys_pwritev2;
    t[SYS_ftruncate] = sys_ftruncate;
    t[SYS_utimensat] = sys_utimensat;
    t[SYS_fstat] = sys_fstat;
    t[SYS_stat] = sys_stat;
    t[SYS_lstat] = sys_lstat;
    t[SYS_newfstatat] = sys_newfstatat;
    t[SYS_statx] = sys_statx;
    t[SYS_getdents64] = sys_getdents64;
    t[SYS_access] = sys_access;
    t[SYS_faccessat] = sys_faccessat;
    t[SYS_faccessat2] = sys_faccessat2;
    t[SYS_getcwd] = sys_getcwd;
    t[SYS_chdir] = sys_chdir;
    t[SYS_fchdir] = sys_fchdir;
    t[SYS_readlink] = sys_readlink;
    t[SYS_readlinkat] = sys_readlinkat;
    for (const long nr : {SYS_mkdir,   SYS_mkdirat,   SYS_rmdir,     SYS_unlink,   SYS_unlinkat,
                          SYS_rename,  SYS_renameat,  SYS_renameat2, SYS_link,     SYS_linkat,
                          SYS_symlink, SYS_symlinkat, SYS_chmod,     SYS_fchmodat, SYS_chown,
                          SYS_lchown,  SYS_fchownat,  SYS_truncate,  SYS_mknod,    SYS_mknodat})
        t[static_cast<size_t>(nr)] = sys_read_only;
    return t;
}

constexpr std::array<Handler, kTableSize> kTable = make_table();

} // namespace

int64_t dispatch(runtime::Instance& instance, const Args& args) {
    // zvm's own calls lie outside Linux's numbers.
    if (args.nr == ZVM_SYS_snapshot) return sys_zvm_snapshot(instance, args);
    if (args.nr >= kTableSize || kTable[args.nr] == nullptr) return -ENOSYS;
    return kTable[args.nr](instance, args);
}

int64_t dispatch_from_context(runtime::SandboxContext* ctx) {
    using namespace runtime;
    const Args args{ctx->gpr[kRax],
                    {ctx->gpr[kRdi], ctx->gpr[kRsi], ctx->gpr[kRdx], ctx->gpr[kR10], ctx->gpr[kR8],
                     ctx->gpr[kR9]}};
    return dispatch(*static_cast<Instance*>(ctx->instance), args);
}

} // namespace zvm::syscalls
