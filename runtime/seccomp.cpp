#include "runtime/seccomp.h"

#include "syscalls/abi.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <span>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

// The allow-list: BPF compiled from runtime/seccomp_policy.inc by libseccomp at
// build time (zvm_seccomp_gen), so that zvm does not build it on every start (about
// 270 us here); and the names of the host calls, for reports.
#include "runtime/seccomp_allow_list.inc"
// The same with the calls of network channels added (kNetworkAllowListBpf).
#include "runtime/seccomp_allow_list_network.inc"
// The same with exec mode's calls added (kExecAllowListBpf).
#include "runtime/seccomp_allow_list_exec.inc"

// The instruction-pointer check, run before the allow-list in the same BPF program:
// every call from below ZVM_RESERVE_END traps (and every call of another architecture).
// seccomp_data.instruction_pointer is the address after the call instruction; its high 32
// bits are below 2 exactly when it lies below 8 GiB. The last jump skips the `ret TRAP`
// into the allow-list, whose jumps are relative and stay valid behind this prefix.
static_assert(ZVM_RESERVE_END == 2ULL << 32);
constexpr uint32_t kReserveEndHigh = ZVM_RESERVE_END >> 32;
constexpr sock_filter kIpCheck[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, instruction_pointer) + 4),
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, kReserveEndHigh, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
};

// One program (one filter run per call): the check, then the allow-list.
constexpr size_t kMaxFilterLen =
    std::size(kIpCheck) + std::max({std::size(kAllowListBpf), std::size(kNetworkAllowListBpf),
                                    std::size(kExecAllowListBpf)});
static_assert(kMaxFilterLen <= BPF_MAXINSNS);

} // namespace

bool install_seccomp(std::string* error, SeccompPolicy policy) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        *error = std::string("prctl(PR_SET_NO_NEW_PRIVS): ") + std::strerror(errno);
        return false;
    }
    const std::span<const sock_filter> allow =
        policy == SeccompPolicy::kNetwork ? std::span<const sock_filter>(kNetworkAllowListBpf)
        : policy == SeccompPolicy::kExec  ? std::span<const sock_filter>(kExecAllowListBpf)
                                          : std::span<const sock_filter>(kAllowListBpf);
    sock_filter filter[kMaxFilterLen];
    std::copy(std::begin(kIpCheck), std::end(kIpCheck), filter);
    std::copy(allow.begin(), allow.end(), filter + std::size(kIpCheck));
    sock_fprog prog{};
    prog.len = static_cast<unsigned short>(std::size(kIpCheck) + allow.size());
    prog.filter = filter;
    // On every thread of the process at once (TSYNC): ZeroMQ's threads exist already when
    // a run has network channels. After this, neither seccomp nor prctl(PR_SET_SECCOMP) is
    // allowed: the filter is final.
    const long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog);
    if (rc != 0) {
        *error = rc > 0 ? "seccomp: thread " + std::to_string(rc) + " could not be synchronised"
                        : std::string("seccomp: ") + std::strerror(errno);
        return false;
    }
    return true;
}

std::string host_call_name(int nr) {
    if (nr >= 0 && static_cast<size_t>(nr) < std::size(kHostCallNames) &&
        kHostCallNames[nr] != nullptr)
        return kHostCallNames[nr];
    return std::to_string(nr);
}

} // namespace zvm::runtime
