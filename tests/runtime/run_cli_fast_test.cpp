// The static zvm's parser of `zvm run` (runtime/run_cli_fast.h) against zvm-full's CLI11
// parser (runtime/run_cli.h): whatever the fast parser accepts, CLI11 accepts with the
// same result; the everyday forms are accepted; the rest is declined (and handed to
// zvm-full).
#include "runtime/run_cli.h"
#include "runtime/run_cli_fast.h"

#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

namespace {

using zvm::runtime::RunOptions;

std::vector<char*> argv_of(std::vector<std::string>& words) {
    std::vector<char*> argv;
    for (auto& w : words)
        argv.push_back(w.data());
    argv.push_back(nullptr);
    return argv;
}

// CLI11's result for `zvm WORDS...`, as zvm-full's main computes it; nothing on an error.
std::optional<RunOptions> parse_cli11(std::vector<std::string> words) {
    words.insert(words.begin(), "zvm");
    std::vector<char*> argv = argv_of(words);
    int argc = static_cast<int>(words.size());
    CLI::App app{zvm::runtime::kZvmDescription};
    app.require_subcommand(1);
    RunOptions run;
    const CLI::App* cmd = zvm::runtime::add_run_subcommand(app, &run);
    const auto program_args = zvm::runtime::take_program_args(&argc, argv.data());
    try {
        app.parse(argc, argv.data());
    } catch (const CLI::Error&) {
        return std::nullopt;
    }
    zvm::runtime::finish_run_options(*cmd, program_args, &run);
    return run;
}

std::optional<RunOptions> parse_fast(std::vector<std::string> words) {
    words.insert(words.begin(), "zvm");
    std::vector<char*> argv = argv_of(words);
    RunOptions run;
    if (!zvm::runtime::parse_run_fast(static_cast<int>(words.size()), argv.data(), &run))
        return std::nullopt;
    return run;
}

void expect_same(const RunOptions& a, const RunOptions& b) {
    EXPECT_EQ(a.program, b.program);
    EXPECT_EQ(a.args, b.args);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.timeout, b.timeout);
    EXPECT_EQ(a.memory, b.memory);
    EXPECT_EQ(a.manifest, b.manifest);
    EXPECT_EQ(a.image, b.image);
    EXPECT_EQ(a.channels, b.channels);
    EXPECT_EQ(a.env, b.env);
    EXPECT_EQ(a.timeout_given, b.timeout_given);
    EXPECT_EQ(a.memory_given, b.memory_given);
    EXPECT_EQ(a.max_output, b.max_output);
    EXPECT_EQ(a.report, b.report);
    EXPECT_EQ(a.report_file, b.report_file);
    EXPECT_EQ(a.cache_dir, b.cache_dir);
    EXPECT_EQ(a.no_cache, b.no_cache);
}

std::string joined(const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words)
        s += "[" + w + "] ";
    return s;
}

} // namespace

// The forms users and scripts write: the fast parser takes them all, exactly as CLI11.
TEST(RunCliFast, AcceptsTheEverydayFormsAsCli11Does) {
    const std::vector<std::vector<std::string>> cases = {
        {"run", "hello.nexe"},
        {"run", "hello.nexe", "--", "a", "-b", "--c", "--"},
        {"run", "app.zapp", "x", "y"},
        {"run", "--memory", "64M", "--timeout", "2.5", "p.nexe"},
        {"run", "--memory=1G", "--timeout=10", "p.nexe", "--seed", "42"},
        {"run", "p.nexe", "a1", "--memory", "128k", "a2", "--max-output", "65536"},
        {"run", "--channel", "out.txt,/dev/output,0,0,0,0,100,65536", "--channel",
         "/dev/stdin,/dev/input,0,0,1,1,0,0", "w.zapp"},
        {"run", "--env", "A=1", "--env=B=2", "--image", "img.tar", "p.nexe"},
        {"run", "--report", "text", "--report-file", "r.txt", "p.nexe"},
        {"run", "--report=json", "p.nexe", "--", "--report", "text"},
        {"run", "--manifest", "m.manifest"},
        {"run", "--manifest", "m.manifest", "--", "arg"},
        {"run", "--seed", "0", "--seed", "0"}, // repeated: CLI11 rejects, the fast one too
        {"run", "--seed", "18446744073709551615", "p.nexe"},
        {"run", "--memory", "16G", "--max-output", "0", "p.nexe"},
        {"run", "--timeout", "0", "p.nexe"},
        {"run", "--cache-dir", "/tmp/c", "p.nexe"},
        {"run", "--cache-dir=/tmp/c", "p.nexe", "--no-cache"},
        {"run", "--no-cache", "p.nexe", "a"},
    };
    for (const auto& words : cases) {
        SCOPED_TRACE(joined(words));
        const auto cli11 = parse_cli11(words);
        const auto fast = parse_fast(words);
        if (!cli11) {
            EXPECT_FALSE(fast) << "the fast parser accepts what CLI11 rejects";
            continue;
        }
        ASSERT_TRUE(fast) << "an everyday form is declined: every such run pays for zvm-full";
        expect_same(*fast, *cli11);
    }
}

// Help, errors and rarer spellings: declined (zvm-full's CLI11 answers), never accepted
// with a different meaning.
TEST(RunCliFast, DeclinesWhatItDoesNotParseExactly) {
    const std::vector<std::vector<std::string>> cases = {
        {"run"},                           // no program (run_command reports it)
        {"run", "--help"},                 // help
        {"run", "-h"},                     //
        {"run", "p.nexe", "--bogus", "1"}, // unknown option
        {"run", "--memory"},               // missing value
        {"run", "--memory", "1T", "p"},    // CLI11 knows more units
        {"run", "--memory", "1 G", "p"},   // CLI11 allows a space before the unit
        {"run", "--memory", "1kb", "p"},   //
        {"run", "--seed", "010", "p"},     // strtoull base 0: octal in CLI11
        {"run", "--seed", "0x10", "p"},    // hex in CLI11
        {"run", "--seed", "-1", "p"},      //
        {"run", "--seed", "99999999999999999999", "p"},
        {"run", "--timeout", "1e3", "p"}, // CLI11 reads any strtold number
        {"run", "--timeout", "-1", "p"},  // CLI11: not non-negative
        {"run", "--timeout", ".5", "p"},  //
        {"run", "--report", "TEXT", "p"}, // CLI11 ignores case
        {"run", "--report", "xml", "p"},  //
        {"run", "--image", "a", "--image", "b", "p"},
        {"run", "--manifest=", "p"}, // empty value
        {"run", ""},                 // empty argument
        {"run", "-", "p"},           //
        {"run", "--no-cache", "--no-cache", "p"},
        {"run", "--no-cache=true", "p"},
        {"run", "--cache-dir", "a", "--cache-dir", "b", "p"},
        {"pack", "-o", "x"}, // another subcommand
    };
    for (const auto& words : cases) {
        SCOPED_TRACE(joined(words));
        const auto fast = parse_fast(words);
        if (!fast) continue;
        // Accepted: then it must be exactly CLI11's reading.
        const auto cli11 = parse_cli11(words);
        ASSERT_TRUE(cli11) << "the fast parser accepts what CLI11 rejects";
        expect_same(*fast, *cli11);
    }
    EXPECT_FALSE(parse_fast({"run", "--help"}));
    EXPECT_FALSE(parse_fast({"run", "p.nexe", "--bogus", "1"}));
    EXPECT_FALSE(parse_fast({"run", "--seed", "010", "p"}));
    EXPECT_FALSE(parse_fast({"pack", "-o", "x"}));
}
