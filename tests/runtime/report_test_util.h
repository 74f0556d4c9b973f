// Helpers of the report, exhaustion and seccomp end-to-end tests: run zvm (or the
// test-only zvm-unsafe-novalidate) on a test nexe with a report, and read the report.
#pragma once

#include "tests/support/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace zvm::test {

inline std::string test_nexe(const std::string& name) {
    return std::string(ZVM_TEST_PROGRAMS) + "/" + name + ".nexe";
}

// zvm run OPTIONS... --report json NEXE, stdin from `input`. The JSON report is the last
// line of stderr; `report` gets it parsed (null if there is none).
struct ReportRun {
    CommandResult result;
    nlohmann::json report;
    std::string err_before_report; // stderr without the report line
};

inline ReportRun run_with_report(const std::string& program, std::vector<std::string> options,
                                 const std::string& input = "", const char* zvm = ZVM_BINARY) {
    std::vector<std::string> argv = {zvm, "run", "--report", "json"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(test_nexe(program));
    ReportRun run;
    run.result = run_command(argv, input);
    const std::string& err = run.result.err;
    const size_t end = err.empty() ? 0 : err.size() - 1; // the final '\n'
    const size_t start = err.rfind('\n', end == 0 ? 0 : end - 1);
    const size_t line = start == std::string::npos ? 0 : start + 1;
    run.report = nlohmann::json::parse(err.substr(line), nullptr, false);
    if (run.report.is_discarded()) run.report = nullptr;
    run.err_before_report = err.substr(0, line);
    return run;
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    return lines;
}

} // namespace zvm::test
