// End-to-end tests of zvm run's reports (--report text|json, --report-file): ZeroVM's
// six lines and the JSON fields, for each way a run can end (docs/cli.md, "Reports").
#include "tests/runtime/report_test_util.h"

#include <csignal>
#include <fstream>
#include <unistd.h>

namespace zvm::test {
namespace {

TEST(Report, TextHasZeroVmsSixLines) {
    const CommandResult r =
        run_command({ZVM_BINARY, "run", "--report", "text", test_nexe("report_io")}, "0123456789");
    EXPECT_EQ(r.exit_status, 7) << r.err;
    EXPECT_EQ(r.out, "abcde");
    // stderr: the program's "f\n", then the report.
    ASSERT_EQ(r.err.substr(0, 2), "f\n");
    const auto lines = lines_of(r.err.substr(2));
    ASSERT_EQ(lines.size(), 6u) << r.err;
    EXPECT_EQ(lines[0], "0");        // validator: ok
    EXPECT_EQ(lines[1], "0");        // daemon flag
    EXPECT_EQ(lines[2], "7");        // the program's return code
    EXPECT_EQ(lines[3], "disabled"); // etags
    // accounting: sys user, reads bytes_read (4+4+2+EOF), writes bytes_written, network
    std::istringstream acc(lines[4]);
    double sys = -1, user = -1;
    uint64_t counts[8];
    acc >> sys >> user;
    for (auto& c : counts)
        acc >> c;
    ASSERT_FALSE(acc.fail()) << lines[4];
    EXPECT_GE(sys, 0);
    EXPECT_GE(user, 0);
    EXPECT_EQ(counts[0], 4u);  // reads: 4 + 4 + 2 bytes, then end of file
    EXPECT_EQ(counts[1], 10u); // bytes read
    EXPECT_EQ(counts[2], 3u);  // writes
    EXPECT_EQ(counts[3], 7u);  // bytes written (stdout and stderr)
    for (int i = 4; i < 8; ++i)
        EXPECT_EQ(counts[i], 0u); // no network channels
    EXPECT_EQ(lines[5], "ok");
}

TEST(Report, JsonHasTheSameFactsByName) {
    const ReportRun run = run_with_report("report_io", {}, "0123456789");
    EXPECT_EQ(run.result.exit_status, 7);
    const auto& j = run.report;
    ASSERT_TRUE(j.is_object()) << run.result.err;
    EXPECT_EQ(j["validator"], 0);
    EXPECT_EQ(j["daemon"], 0);
    EXPECT_EQ(j["return_code"], 7);
    EXPECT_EQ(j["etags"], "disabled");
    EXPECT_EQ(j["exit_state"], "ok");
    EXPECT_EQ(j["status"], 7);
    EXPECT_TRUE(j["signal"].is_null());
    EXPECT_TRUE(j["fault_address"].is_null());
    EXPECT_TRUE(j["blocked_host_call"].is_null());
    EXPECT_EQ(j["program"], test_nexe("report_io"));
    const auto& a = j["accounting"];
    EXPECT_EQ(a["local_reads"], 4);
    EXPECT_EQ(a["local_bytes_read"], 10);
    EXPECT_EQ(a["local_writes"], 3);
    EXPECT_EQ(a["local_bytes_written"], 7);
    EXPECT_EQ(a["network_reads"], 0);
    EXPECT_EQ(a["network_bytes_written"], 0);
    EXPECT_GE(a["user_time_s"].get<double>(), 0);
    EXPECT_GE(a["system_time_s"].get<double>(), 0);
    EXPECT_GE(a["wall_time_s"].get<double>(), 0);
}

// Regression: a program path that is not UTF-8 made the JSON writer throw, and zvm abort
// (status 134) after the program had run.
TEST(Report, JsonOfAProgramPathThatIsNotUtf8) {
    const std::string path =
        ::testing::TempDir() + "/zvm_report_\xff_" + std::to_string(getpid()) + ".nexe";
    {
        std::ifstream in(test_nexe("report_io"), std::ios::binary);
        std::ofstream out(path, std::ios::binary);
        out << in.rdbuf();
    }
    const CommandResult r =
        run_command({ZVM_BINARY, "run", "--report", "json", path}, "0123456789");
    ::unlink(path.c_str());
    EXPECT_EQ(r.exit_status, 7) << r.err;
    const size_t line = r.err.rfind('\n', r.err.size() - 2) + 1;
    const auto j = nlohmann::json::parse(r.err.substr(line), nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.err;
    std::string shown = path;
    shown.replace(shown.find('\xff'), 1, "\xef\xbf\xbd"); // U+FFFD
    EXPECT_EQ(j["program"], shown);
    EXPECT_EQ(j["return_code"], 7);
}

TEST(Report, NoReportUnlessAsked) {
    const CommandResult r = run_command({ZVM_BINARY, "run", test_nexe("report_io")});
    EXPECT_EQ(r.exit_status, 7);
    EXPECT_EQ(r.err, "f\n");
}

TEST(Report, FileReceivesTheReportAndStderrStaysClean) {
    const std::string path = ::testing::TempDir() + "/zvm_report_" + std::to_string(getpid());
    const CommandResult r = run_command(
        {ZVM_BINARY, "run", "--report", "text", "--report-file", path, test_nexe("hello")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    unlink(path.c_str());
    const auto lines = lines_of(ss.str());
    ASSERT_EQ(lines.size(), 6u) << ss.str();
    EXPECT_EQ(lines[2], "0");
    EXPECT_EQ(lines[4].substr(lines[4].find(' ', lines[4].find(' ') + 1)),
              " 0 0 1 15 0 0 0 0"); // one write of "hello, sandbox\n"
    EXPECT_EQ(lines[5], "ok");
}

TEST(Report, UnwritableReportFileIs125) {
    const CommandResult r = run_command({ZVM_BINARY, "run", "--report", "text", "--report-file",
                                         "/nonexistent-dir/report", test_nexe("hello")});
    EXPECT_EQ(r.exit_status, 125);
    EXPECT_NE(r.err.find("cannot open the report file"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, ""); // the program never ran
}

TEST(Report, BadFormatIs125) {
    EXPECT_EQ(run_command({ZVM_BINARY, "run", "--report", "xml", test_nexe("hello")}).exit_status,
              125);
}

TEST(Report, FaultNamesSignalAndAddress) {
    const ReportRun run = run_with_report("fault_ud2", {});
    EXPECT_EQ(run.result.exit_status, 128 + SIGILL);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "Signal 4 from untrusted code: Halting at 0x20000");
    EXPECT_EQ(run.report["signal"], SIGILL);
    EXPECT_EQ(run.report["fault_address"], 0x20000);
    EXPECT_TRUE(run.report["return_code"].is_null());
    EXPECT_EQ(run.report["validator"], 0);
}

TEST(Report, ValidationFailureHasValidatorState1) {
    const ReportRun run = run_with_report("bad_addr32", {});
    EXPECT_EQ(run.result.exit_status, 126);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["validator"], 1);
    EXPECT_EQ(run.report["exit_state"], "validation failed");
    EXPECT_TRUE(run.report["return_code"].is_null());
    EXPECT_NE(run.err_before_report.find("R3-addr32"), std::string::npos);
}

TEST(Report, MissingProgramHasValidatorNotRun) {
    const ReportRun run = run_with_report("does_not_exist", {});
    EXPECT_EQ(run.result.exit_status, 127);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["validator"], 2);
    EXPECT_EQ(run.report["exit_state"], "cannot read the program");
}

TEST(Report, TimeoutSaysSessionTimeout) {
    const ReportRun run = run_with_report("loop", {"--timeout", "0.2"});
    EXPECT_EQ(run.result.exit_status, 124);
    ASSERT_TRUE(run.report.is_object()) << run.result.err;
    EXPECT_EQ(run.report["exit_state"], "session timeout");
    EXPECT_TRUE(run.report["return_code"].is_null());
    EXPECT_NE(run.err_before_report.find("session timeout"), std::string::npos);
}

} // namespace
} // namespace zvm::test
