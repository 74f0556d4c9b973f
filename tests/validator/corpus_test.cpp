// The attack corpus: every tests/validator/cases/*.s starts with a line
// "# expect: accept" or "# expect: reject RULE-ID". Each case is assembled with
// clang-19, linked with ld.lld-19 into a nexe at 0x20000, and validated; a reject must
// report RULE-ID and no other rule (each case breaks exactly one rule in one way).
#include "testutil.h"
#include "validator/disassemble.h"
#include "validator/nexe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace zvm::validator {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(ZVM_TEST_CASES))
        if (e.path().extension() == ".s") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

class Corpus : public testing::TestWithParam<std::string> {};

TEST_P(Corpus, Verdict) {
    const fs::path path = fs::path(ZVM_TEST_CASES) / (GetParam() + ".s");
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    const std::string prefix = "# expect: ";
    ASSERT_EQ(first.rfind(prefix, 0), 0u) << path << ": first line must be '# expect: ...'";
    const std::string expect = first.substr(prefix.size());
    in.seekg(0);
    const std::string source((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());

    std::string error;
    const auto nexe = test::build_nexe(source, &error);
    ASSERT_TRUE(nexe) << error;
    const NexeResult r = validate_nexe(*nexe);
    ASSERT_FALSE(r.format_error) << *r.format_error;
    std::string report;
    std::set<std::string> rules;
    for (const Violation& v : r.result.violations) {
        report += format_violation(v) + "\n";
        rules.insert(rule_id(v.rule));
    }
    if (expect == "accept") {
        EXPECT_TRUE(r.valid()) << report;
    } else {
        ASSERT_EQ(expect.rfind("reject ", 0), 0u) << "bad expectation: " << expect;
        const std::string rule = expect.substr(7);
        EXPECT_FALSE(r.valid());
        EXPECT_EQ(rules, std::set<std::string>{rule}) << report;
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, Corpus, testing::ValuesIn(case_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });

TEST(CorpusSize, HasEnoughCases) {
    const auto names = case_names();
    const auto rejects = std::count_if(names.begin(), names.end(),
                                       [](const std::string& n) { return n.rfind("ok_", 0) != 0; });
    EXPECT_GE(rejects, 100);
}

} // namespace
} // namespace zvm::validator
