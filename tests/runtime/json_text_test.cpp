// runtime/json_text.h and format_json (runtime/report.h), checked against nlohmann::json
// as an independent writer and reader: byte for byte where both write, and every output
// must parse.
#include "runtime/json_text.h"
#include "runtime/report.h"

#include <gtest/gtest.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

namespace zvm::runtime {
namespace {

using nlohmann::json;

std::string ours(std::string_view text) {
    std::string out;
    append_json_string(text, &out);
    return out;
}

// nlohmann's text for `text`, invalid UTF-8 replaced by U+FFFD.
std::string reference(const std::string& text) {
    return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

TEST(JsonText, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(ours("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(ours("\b\f\n\r\t"), R"("\b\f\n\r\t")");
    EXPECT_EQ(ours(std::string_view("\0\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
    EXPECT_EQ(ours(""), "\"\"");
}

TEST(JsonText, KeepsValidUtf8AtEveryLengthAndBoundary) {
    for (const char* s : {"\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf",
                          "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf",
                          "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"}) {
        EXPECT_EQ(ours(s), std::string("\"") + s + "\"") << s;
        EXPECT_EQ(json::parse(ours(s)).get<std::string>(), s);
    }
}

TEST(JsonText, ReplacesWhatIsNotUtf8OneMaximalSubpartAtATime) {
    const std::string fffd = "\xef\xbf\xbd";
    EXPECT_EQ(ours("\x80"), "\"" + fffd + "\"");            // a stray continuation
    EXPECT_EQ(ours("\xc0\xaf"), "\"" + fffd + fffd + "\""); // overlong '/'
    EXPECT_EQ(ours("\xe0\x80\xaf"), "\"" + fffd + fffd + fffd + "\"");
    EXPECT_EQ(ours("\xed\xa0\x80"), "\"" + fffd + fffd + fffd + "\"");            // a surrogate
    EXPECT_EQ(ours("\xf4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\""); // > U+10FFFF
    EXPECT_EQ(ours("a\xe2\x82"), "\"a" + fffd + "\""); // cut short at the end
    EXPECT_EQ(ours("\xe2\x82x"), "\"" + fffd + "x\""); // cut short before ASCII
    EXPECT_EQ(ours("\xf0\x9f\x98\xe2\x82\xac"), "\"" + fffd + "\xe2\x82\xac\"");
    EXPECT_EQ(ours("\xff\xfe"), "\"" + fffd + fffd + "\"");
}

TEST(JsonText, MatchesNlohmannOnAllTwoByteStrings) {
    for (int a = 0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            const std::string s{static_cast<char>(a), static_cast<char>(b)};
            ASSERT_EQ(ours(s), reference(s)) << a << " " << b;
        }
    }
}

TEST(JsonText, MatchesNlohmannOnRandomStrings) {
    // Bytes drawn mostly from the interesting ones: UTF-8 leads, continuations, escapes.
    const std::string pool = std::string("\x00\x1f\"\\aZ\x7f", 7) +
                             "\x80\x8f\x90\x9f\xa0\xbf\xc0\xc1\xc2\xdf\xe0\xe1\xec\xed\xee\xef"
                             "\xf0\xf1\xf3\xf4\xf5\xfe\xff";
    std::mt19937 random(42);
    for (int i = 0; i < 200000; ++i) {
        std::string s(random() % 9, ' ');
        for (char& c : s)
            c = pool[random() % pool.size()];
        const std::string text = ours(s);
        ASSERT_EQ(text, reference(s));
        ASSERT_TRUE(json::accept(text)) << text;
    }
}

TEST(JsonText, NumbersReadBackAsWritten) {
    const auto number = [](auto value) {
        std::string out;
        append_json_number(value, &out);
        return out;
    };
    EXPECT_EQ(number(uint64_t{0}), "0");
    EXPECT_EQ(number(std::numeric_limits<uint64_t>::max()), "18446744073709551615");
    EXPECT_EQ(number(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
    EXPECT_EQ(number(std::numeric_limits<double>::quiet_NaN()), "null");
    EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "null");
    for (const double d :
         {0.0, 1.0, 0.5, 0.001, 1e-05, 0.1 + 0.2, 123456789012.0, 1e21, 2.5e-300, -3.25}) {
        EXPECT_EQ(number(d), json(d).dump()) << d;
        EXPECT_EQ(json::parse(number(d)).get<double>(), d);
    }
}

// The report as the first version of format_json wrote it, with nlohmann.
json reference_report(const Report& r) {
    json j;
    j["program"] = r.program;
    j["validator"] = static_cast<int>(r.validator);
    j["daemon"] = 0;
    j["return_code"] = r.return_code ? json(*r.return_code) : json(nullptr);
    std::string line;
    for (const auto& [alias, digest] : r.etags)
        line += (line.empty() ? "" : " ") + alias + " " + digest;
    j["etags"] = r.etags.empty() ? "disabled" : line;
    j["channel_etags"] = json::object();
    for (const auto& [alias, digest] : r.etags)
        j["channel_etags"][alias] = digest;
    j["accounting"] = {
        {"system_time_s", r.system_seconds},
        {"user_time_s", r.user_seconds},
        {"wall_time_s", r.wall_seconds},
        {"local_reads", r.io.reads},
        {"local_bytes_read", r.io.bytes_read},
        {"local_writes", r.io.writes},
        {"local_bytes_written", r.io.bytes_written},
        {"network_reads", r.network.reads},
        {"network_bytes_read", r.network.bytes_read},
        {"network_writes", r.network.writes},
        {"network_bytes_written", r.network.bytes_written},
    };
    j["exit_state"] = r.exit_state;
    j["status"] = r.status;
    j["signal"] = r.signal != 0 ? json(r.signal) : json(nullptr);
    j["fault_address"] = r.fault_address ? json(*r.fault_address) : json(nullptr);
    j["blocked_host_call"] = r.blocked_host_call ? json(*r.blocked_host_call) : json(nullptr);
    j["quota_exceeded"] = r.io.quota_exceeded;
    return j;
}

TEST(FormatJson, WritesWhatNlohmannWrote) {
    Report ok;
    ok.program = "hello";
    ok.validator = ValidatorState::kOk;
    ok.return_code = 0;
    ok.exit_state = "ok";
    ok.system_seconds = 0.004;
    ok.user_seconds = 0.0;
    ok.wall_seconds = 0.012345;
    ok.io.reads = 3;
    ok.io.bytes_read = 4096;
    ok.io.writes = 1;
    ok.io.bytes_written = 12;
    EXPECT_EQ(format_json(ok), reference_report(ok).dump() + "\n");

    Report fault;
    fault.program = "dir/a \"quoted\"\tname.nexe";
    fault.validator = ValidatorState::kNotRun;
    fault.exit_state = "Signal 31 from untrusted code: Halting at 0x20000";
    fault.status = 159;
    fault.signal = 31;
    fault.fault_address = 0xFFFFFFFFULL;
    fault.blocked_host_call = 257;
    fault.io.quota_exceeded = true;
    fault.etags = {{"stdout", "ab12"}, {"in", "cd34"}, {"stdout", "ef56"}};
    fault.network.reads = 7;
    fault.network.bytes_written = UINT64_MAX;
    EXPECT_EQ(format_json(fault), reference_report(fault).dump() + "\n");
}

TEST(FormatJson, AProgramNameThatIsNotUtf8StillGivesValidJson) {
    // nlohmann's dump would throw on this name; the report must still be written.
    Report r;
    r.program = "bad\xff\xfename.nexe";
    r.exit_state = "ok";
    const json j = json::parse(format_json(r));
    EXPECT_EQ(j["program"], "bad\xef\xbf\xbd\xef\xbf\xbdname.nexe");
}

} // namespace
} // namespace zvm::runtime
