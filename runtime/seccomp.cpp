#include "runtime/seccomp.h"

#include "syscalls/abi.h"

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

namespace zvm::runtime {
namespace {

using Cond = SeccompRule::Cond;

constexpr unsigned count_conds(std::initializer_list<Cond> conds) {
    return static_cast<unsigned>(conds.size());
}

#define ARG_EQ(n, v)                                                                               \
    Cond {                                                                                         \
        n, SCMP_CMP_EQ, static_cast<uint64_t>(v), 0                                                \
    }
#define ARG_LT(n, v)                                                                               \
    Cond {                                                                                         \
        n, SCMP_CMP_LT, static_cast<uint64_t>(v), 0                                                \
    }
#define ARG_LE(n, v)                                                                               \
    Cond {                                                                                         \
        n, SCMP_CMP_LE, static_cast<uint64_t>(v), 0                                                \
    }
#define ARG_GE(n, v)                                                                               \
    Cond {                                                                                         \
        n, SCMP_CMP_GE, static_cast<uint64_t>(v), 0                                                \
    }
#define ARG_CLEAR(n, bits)                                                                         \
    Cond {                                                                                         \
        n, SCMP_CMP_MASKED_EQ, static_cast<uint64_t>(bits), 0                                      \
    }
#define ARG_SET(n, bits)                                                                           \
    Cond {                                                                                         \
        n, SCMP_CMP_MASKED_EQ, static_cast<uint64_t>(bits), static_cast<uint64_t>(bits)            \
    }
#define ZVM_ALLOW(call, reason, ...)                                                               \
    SeccompRule{SYS_##call, #call, reason, count_conds({__VA_ARGS__}), {__VA_ARGS__}},

constexpr SeccompRule kPolicy[] = {
#include "runtime/seccomp_policy.inc"
};

#undef ZVM_ALLOW

// Filter 1: every call from below ZVM_RESERVE_END traps (and every call of another
// architecture). seccomp_data.instruction_pointer is the address after the call
// instruction; its high 32 bits are below 2 exactly when it lies below 8 GiB.
static_assert(ZVM_RESERVE_END == 2ULL << 32);
constexpr uint32_t kReserveEndHigh = ZVM_RESERVE_END >> 32;
const sock_filter kIpFilter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, instruction_pointer) + 4),
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, kReserveEndHigh, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
};

bool install_ip_filter(std::string* error) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        *error = std::string("prctl(PR_SET_NO_NEW_PRIVS): ") + std::strerror(errno);
        return false;
    }
    sock_fprog prog{};
    prog.len = static_cast<unsigned short>(sizeof kIpFilter / sizeof kIpFilter[0]);
    prog.filter = const_cast<sock_filter*>(kIpFilter); // the kernel only reads it
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        *error = std::string("seccomp (instruction-pointer filter): ") + std::strerror(errno);
        return false;
    }
    return true;
}

bool install_allow_list(std::string* error) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
    if (ctx == nullptr) {
        *error = "seccomp_init failed";
        return false;
    }
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP);
    for (const SeccompRule& r : kPolicy) {
        if (rc != 0) break;
        scmp_arg_cmp args[3] = {};
        for (unsigned i = 0; i < r.nargs; ++i)
            args[i] = scmp_arg_cmp{r.args[i].arg, static_cast<scmp_compare>(r.args[i].op),
                                   r.args[i].a, r.args[i].b};
        rc = seccomp_rule_add_exact_array(ctx, SCMP_ACT_ALLOW, r.nr, r.nargs, args);
        if (rc != 0) {
            *error = std::string("seccomp rule for ") + r.name + ": " + std::strerror(-rc);
            seccomp_release(ctx);
            return false;
        }
    }
    if (rc == 0) rc = seccomp_load(ctx);
    seccomp_release(ctx);
    if (rc != 0) {
        *error = std::string("seccomp_load: ") + std::strerror(-rc);
        return false;
    }
    return true;
}

} // namespace

std::span<const SeccompRule> seccomp_policy() {
    return kPolicy;
}

bool install_seccomp(std::string* error) {
    // The instruction-pointer filter first: the allow-list is then loaded from host code,
    // which that filter allows; after both, neither prctl nor seccomp is allowed.
    return install_ip_filter(error) && install_allow_list(error);
}

std::string host_call_name(int nr) {
    char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
    if (name == nullptr) return std::to_string(nr);
    std::string s(name);
    std::free(name);
    return s;
}

} // namespace zvm::runtime
