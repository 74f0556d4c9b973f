#include "runtime/seccomp.h"

#include "syscalls/abi.h"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

namespace zvm::runtime {
namespace {

// Filter 2, the allow-list: BPF compiled from runtime/seccomp_policy.inc by libseccomp at
// build time (zvm_seccomp_gen), so that zvm does not build it on every start (about
// 270 us here); and the names of the host calls, for reports.
#include "runtime/seccomp_allow_list.inc"

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

bool load_filter(const sock_filter* filter, size_t len, const char* what, std::string* error) {
    sock_fprog prog{};
    prog.len = static_cast<unsigned short>(len);
    prog.filter = const_cast<sock_filter*>(filter); // the kernel only reads it
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        *error = std::string("seccomp (") + what + "): " + std::strerror(errno);
        return false;
    }
    return true;
}

} // namespace

bool install_seccomp(std::string* error) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        *error = std::string("prctl(PR_SET_NO_NEW_PRIVS): ") + std::strerror(errno);
        return false;
    }
    // The instruction-pointer filter first: the allow-list is then loaded from host code,
    // which that filter allows; after both, neither prctl nor seccomp is allowed.
    return load_filter(kIpFilter, std::size(kIpFilter), "instruction-pointer filter", error) &&
           load_filter(kAllowListBpf, std::size(kAllowListBpf), "allow-list", error);
}

std::string host_call_name(int nr) {
    if (nr >= 0 && static_cast<size_t>(nr) < std::size(kHostCallNames) &&
        kHostCallNames[nr] != nullptr)
        return kHostCallNames[nr];
    return std::to_string(nr);
}

} // namespace zvm::runtime
