// The allow-list as a table (runtime/seccomp_policy.inc), shared by the runtime and by
// zvm_seccomp_gen, which compiles it into BPF at build time.
#include "runtime/seccomp.h"

#include "runtime/channels/cwd_file.h"

#include "syscalls/abi.h"

#include <csignal>
#include <fcntl.h>
#include <initializer_list>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>

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
#define ARG_MASKED(n, mask, value)                                                                 \
    Cond {                                                                                         \
        n, SCMP_CMP_MASKED_EQ, static_cast<uint64_t>(mask), static_cast<uint64_t>(value)           \
    }
#define ZVM_ALLOW(call, reason, ...)                                                               \
    SeccompRule{SYS_##call, #call, reason, count_conds({__VA_ARGS__}), {__VA_ARGS__}},

constexpr SeccompRule kPolicy[] = {
#include "runtime/seccomp_policy.inc"
};

constexpr SeccompRule kNetworkPolicy[] = {
#include "runtime/channels/network_seccomp_policy.inc"
};

constexpr SeccompRule kExecPolicy[] = {
#include "runtime/exec_seccomp_policy.inc"
};

#undef ZVM_ALLOW

} // namespace

std::span<const SeccompRule> seccomp_policy() {
    return kPolicy;
}

std::span<const SeccompRule> seccomp_network_policy() {
    return kNetworkPolicy;
}

std::span<const SeccompRule> seccomp_exec_policy() {
    return kExecPolicy;
}

} // namespace zvm::runtime
