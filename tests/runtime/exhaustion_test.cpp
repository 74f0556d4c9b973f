// Resource exhaustion (issue 5, item 10): each way a program can try to use up time,
// memory, stack, output or descriptors is contained, with the right status and report.
// The programs are tests/runtime/programs/exhaustion_*.S.
#include "tests/runtime/report_test_util.h"

#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zvm::test {
namespace {

TEST(Exhaustion, InfiniteLoopEndsWithSessionTimeout) {
    const ReportRun run = run_with_report("loop", {"--timeout", "0.3"});
    EXPECT_EQ(run.result.exit_status, 124);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "session timeout");
}

TEST(Exhaustion, LoopOfHostCallsEndsWithSessionTimeout) {
    // The timer fires in sandbox code or while the runtime handles a call: both end it.
    const ReportRun run = run_with_report("exhaustion_syscall_loop", {"--timeout", "0.3"});
    EXPECT_EQ(run.result.exit_status, 124);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "session timeout");
}

TEST(Exhaustion, ReadBlockedInTheHostEndsWithSessionTimeout) {
    // stdin is a pipe whose write end stays open here: the runtime blocks in read(2)
    // on the program's behalf when the timer fires (EINTR, then the dispatcher ends it).
    int in[2];
    ASSERT_EQ(pipe2(in, O_CLOEXEC), 0);
    const pid_t pid = spawn_with_stdio(
        {ZVM_BINARY, "run", "--timeout", "0.3", test_nexe("exhaustion_read_block")}, in[0], -1, -1);
    close(in[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    close(in[1]);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 124);
}

TEST(Exhaustion, MmapBombGetsEnomemAtTheMemoryLimit) {
    // 16 MiB in all: the 8 MiB stack and the image leave room for fewer than 8 blocks of 1 MiB.
    const ReportRun run = run_with_report("exhaustion_mmap_bomb", {"--memory", "16M"});
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_NE(run.result.exit_status, 255) << "mmap failed with something else than ENOMEM";
    EXPECT_GT(run.result.exit_status, 0);
    EXPECT_LT(run.result.exit_status, 8);
    EXPECT_EQ(run.report["exit_state"], "ok");
    EXPECT_EQ(run.report["return_code"], run.result.exit_status);
    // A bigger limit gives more blocks: the limit, not something else, stopped it.
    const ReportRun more = run_with_report("exhaustion_mmap_bomb", {"--memory", "32M"});
    EXPECT_EQ(more.result.exit_status, run.result.exit_status + 16);
}

TEST(Exhaustion, BrkBombStopsAtTheMemoryLimit) {
    const ReportRun run = run_with_report("exhaustion_brk_bomb", {"--memory", "16M"});
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_GT(run.result.exit_status, 0);
    EXPECT_LT(run.result.exit_status, 8);
    const ReportRun more = run_with_report("exhaustion_brk_bomb", {"--memory", "32M"});
    EXPECT_EQ(more.result.exit_status, run.result.exit_status + 16);
}

TEST(Exhaustion, HugeBssIsRefusedBeforeItIsMapped) {
    const ReportRun run = run_with_report("exhaustion_huge_bss", {"--memory", "64M"});
    EXPECT_EQ(run.result.exit_status, 126);
    EXPECT_NE(run.result.err.find("memory limit"), std::string::npos) << run.result.err;
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "cannot run the program");
    // zvm never held the 3 GiB: the largest child of this test process stayed small.
    rusage ru{};
    ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &ru), 0);
    EXPECT_LT(ru.ru_maxrss, 256 * 1024) << "KiB";
}

TEST(Exhaustion, StackOverflowIsSigsegv) {
    const ReportRun run = run_with_report("exhaustion_stack", {});
    EXPECT_EQ(run.result.exit_status, 128 + SIGSEGV);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["signal"], SIGSEGV);
    const std::string state = run.report["exit_state"];
    EXPECT_EQ(state.rfind("Signal 11 from untrusted code: Halting at 0x2", 0), 0u) << state;
    EXPECT_NE(run.err_before_report.find(state), std::string::npos);
}

TEST(Exhaustion, OutputFloodGetsEdquotAtTheQuota) {
    const ReportRun run = run_with_report("exhaustion_flood", {"--max-output", "64K"});
    EXPECT_EQ(run.result.exit_status, 3) << "the failing write was not -EDQUOT";
    EXPECT_EQ(run.result.out.size(), 65536u);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "disk quota exceeded");
    EXPECT_EQ(run.report["quota_exceeded"], true);
    EXPECT_EQ(run.report["accounting"]["local_bytes_written"], 65536);
    EXPECT_EQ(run.report["accounting"]["local_writes"], 16);
}

TEST(Exhaustion, QuotaCutsTheLastWrite) {
    // 10000 bytes: two whole blocks, then 1808 bytes of the third, then -EDQUOT.
    const ReportRun run = run_with_report("exhaustion_flood", {"--max-output", "10000"});
    EXPECT_EQ(run.result.exit_status, 3);
    EXPECT_EQ(run.result.out.size(), 10000u);
}

TEST(Exhaustion, OutputFloodIgnoringErrorsIsBoundedAndTimedOut) {
    const ReportRun run =
        run_with_report("exhaustion_flood_forever", {"--max-output", "64K", "--timeout", "0.3"});
    EXPECT_EQ(run.result.exit_status, 124);
    EXPECT_EQ(run.result.out, std::string(65536, 'y'));
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "session timeout");
}

TEST(Exhaustion, DivisionByZeroIsSigfpeAtTheDivide) {
    const ReportRun run = run_with_report("exhaustion_div", {});
    EXPECT_EQ(run.result.exit_status, 128 + SIGFPE);
    EXPECT_EQ(run.result.out, "dividing\n");
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    // `divide` is bundle-aligned at 0x20060 (exhaustion_div.S).
    EXPECT_EQ(run.report["exit_state"], "Signal 8 from untrusted code: Halting at 0x20060");
    EXPECT_EQ(run.report["accounting"]["local_writes"], 1);
}

TEST(Exhaustion, DescriptorsRunOutWithEmfile) {
    const ReportRun run = run_with_report("exhaustion_fds", {});
    EXPECT_EQ(run.result.exit_status, 0) << "1: dup never worked; 2: not EMFILE";
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "ok");
}

} // namespace
} // namespace zvm::test
