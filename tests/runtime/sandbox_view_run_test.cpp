// What the sandbox can read of the runtime's own making holds no host address: the
// trampoline region (entry 0 jumps through the host thread's TLS, runtime/trampoline.h).
// Before, entry 0 was `movabs $host_address, %rcx; jmp *%rcx`: any program could read
// zvm's load address at 0x10002, defeating the host's address randomisation.
#include "vfs_test_util.h"

#include <cstdint>
#include <cstring>

namespace zvm::test {
namespace {

TEST(SandboxView, TheTrampolineRegionHoldsNoHostAddress) {
    const CommandResult first = zvm({"run", c_nexe("trampoline_page")});
    ASSERT_EQ(first.exit_status, 0) << first.err;
    ASSERT_EQ(first.out.size(), 0xF000u);
    // A canonical user-space address above the sandbox's 4 GiB, at any byte offset.
    for (size_t i = 0; i + 8 <= first.out.size(); ++i) {
        uint64_t v;
        std::memcpy(&v, first.out.data() + i, 8);
        EXPECT_FALSE(v >= (uint64_t{1} << 32) && v < (uint64_t{1} << 47))
            << "a host address at 0x" << std::hex << 0x10000 + i << ": 0x" << v;
    }
    // And nothing in it depends on where the host was loaded: a second run (another
    // random layout) sees the same bytes.
    const CommandResult second = zvm({"run", c_nexe("trampoline_page")});
    ASSERT_EQ(second.exit_status, 0) << second.err;
    EXPECT_TRUE(first.out == second.out) << "the trampoline region differs between runs";
}

} // namespace
} // namespace zvm::test
