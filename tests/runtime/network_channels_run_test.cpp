// End-to-end tests of network channels (docs/manifest.md, "Network channels"): two `zvm
// run` processes joined by a ZeroMQ channel, the stdout of one feeding the stdin of the
// other (c/channels.c "echo"), over tcp:// and ipc://; the end of stream however the writer
// ends; a reader whose writer never comes; etags and network accounting in the reports.
// The static zvm hands these runs to zvm-full.
#include "tests/support/free_port.h"
#include "vfs_test_util.h"

#include <future>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

namespace zvm::test {
namespace {

std::string reader_spec(const std::string& uri, int etag = 1) {
    return uri + ",/dev/stdin,0," + std::to_string(etag) + ",100000,100000000,0,0";
}
std::string writer_spec(const std::string& uri, int etag = 1) {
    return uri + ",/dev/stdout,0," + std::to_string(etag) + ",0,0,100000,100000000";
}

// The JSON report: the last line of stderr.
nlohmann::json report_of(const CommandResult& r) {
    const std::string& err = r.err;
    const size_t end = err.empty() ? 0 : err.size() - 1;
    const size_t start = err.rfind('\n', end == 0 ? 0 : end - 1);
    auto j = nlohmann::json::parse(err.substr(start == std::string::npos ? 0 : start + 1), nullptr,
                                   false);
    return j.is_discarded() ? nlohmann::json() : j;
}

std::string sha256sum(const std::string& data) {
    const CommandResult r = run_command({"/usr/bin/sha256sum"}, data);
    return r.out.substr(0, 64);
}

std::string numbers(int n) {
    std::string data;
    for (int i = 0; i < n; ++i)
        data += std::to_string(i) + "\n";
    return data;
}

class Pipeline : public ::testing::TestWithParam<std::string> {
  protected:
    std::string uri() const {
        if (GetParam() == "tcp") return "tcp://127.0.0.1:" + std::to_string(free_loopback_port());
        return "ipc://" + dir_.file("sock");
    }
    ScratchDir dir_;
};

TEST_P(Pipeline, StdoutOfOneFeedsStdinOfTheOther) {
    const std::string u = uri();
    const std::string data = numbers(30000);
    auto reader = std::async(std::launch::async, [&] {
        return zvm({"run", "--timeout", "30", "--report", "json", "--channel", reader_spec(u),
                    c_nexe("channels"), "--", "echo"});
    });
    const CommandResult w = zvm({"run", "--timeout", "30", "--report", "json", "--channel",
                                 writer_spec(u), c_nexe("channels"), "--", "echo"},
                                data);
    const CommandResult r = reader.get();
    EXPECT_EQ(w.exit_status, 0) << w.err;
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, data);
    const auto wr = report_of(w), rr = report_of(r);
    ASSERT_TRUE(wr.is_object() && rr.is_object()) << w.err << r.err;
    // The same digest on both sides, and the host's digest of the data.
    const std::string digest = sha256sum(data);
    EXPECT_EQ(wr["channel_etags"]["/dev/stdout"], digest);
    EXPECT_EQ(rr["channel_etags"]["/dev/stdin"], digest);
    EXPECT_EQ(rr["etags"], "/dev/stdin " + digest);
    // The channel's bytes count as network I/O, the rest as local: the writer's stdin, the
    // reader's stdout, and on both sides "channels ok\n" on stderr (c/channels.c).
    const size_t ok = std::string("channels ok\n").size();
    EXPECT_EQ(wr["accounting"]["network_bytes_written"], data.size());
    EXPECT_EQ(wr["accounting"]["local_bytes_written"], ok);
    EXPECT_EQ(wr["accounting"]["local_bytes_read"], data.size());
    EXPECT_EQ(rr["accounting"]["network_bytes_read"], data.size());
    EXPECT_EQ(rr["accounting"]["local_bytes_written"], data.size() + ok);
    EXPECT_EQ(rr["accounting"]["local_bytes_read"], 0);
}

TEST_P(Pipeline, AWriterThatEndsBeforeItsReaderStartsLosesNothing) {
    const std::string u = uri();
    const std::string data = numbers(5000);
    auto writer = std::async(std::launch::async, [&] {
        return zvm({"run", "--timeout", "30", "--channel", writer_spec(u, 0), c_nexe("channels"),
                    "--", "echo"},
                   data);
    });
    usleep(300000); // the writer's program has ended; zvm waits for the reader
    const CommandResult r = zvm({"run", "--timeout", "30", "--channel", reader_spec(u, 0),
                                 c_nexe("channels"), "--", "echo"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, data);
    EXPECT_EQ(writer.get().exit_status, 0);
}

TEST_P(Pipeline, AWriterEndedByItsTimeoutStillEndsTheStream) {
    const std::string u = uri();
    auto reader = std::async(std::launch::async, [&] {
        return zvm({"run", "--timeout", "30", "--channel", reader_spec(u, 0), c_nexe("channels"),
                    "--", "echo"});
    });
    const CommandResult w =
        zvm({"run", "--timeout", "0.3", "--channel", writer_spec(u, 0), asm_nexe("loop")});
    EXPECT_EQ(w.exit_status, 124) << w.err;
    const CommandResult r = reader.get();
    EXPECT_EQ(r.exit_status, 0) << r.err; // read returned 0: the end of stream
    EXPECT_EQ(r.out, "");
}

TEST_P(Pipeline, AReaderWhoseWriterNeverComesEndsAtTheTimeout) {
    const CommandResult r = zvm({"run", "--timeout", "0.3", "--report", "json", "--channel",
                                 reader_spec(uri(), 0), c_nexe("channels"), "--", "echo"});
    EXPECT_EQ(r.exit_status, 124) << r.err;
    const auto rr = report_of(r);
    ASSERT_TRUE(rr.is_object()) << r.err;
    EXPECT_EQ(rr["exit_state"], "session timeout");
}

INSTANTIATE_TEST_SUITE_P(NetworkChannels, Pipeline, ::testing::Values("tcp", "ipc"),
                         [](const auto& info) { return info.param; });

TEST(NetworkChannels, ManifestChannelsAndABindConflict) {
    ScratchDir dir;
    const std::string u = "tcp://127.0.0.1:" + std::to_string(free_loopback_port());
    const std::string m = dir.write("job.manifest", "Channel = " + reader_spec(u, 0) + "\n");
    auto first = std::async(std::launch::async, [&] {
        return zvm({"run", "--timeout", "30", "--manifest", m, c_nexe("channels"), "--", "echo"});
    });
    usleep(300000);
    // A second reader of the same address cannot bind it: 125, with the address named.
    const CommandResult second =
        zvm({"run", "--timeout", "5", "--manifest", m, c_nexe("channels"), "--", "echo"});
    EXPECT_EQ(second.exit_status, 125) << second.err;
    EXPECT_NE(second.err.find("cannot bind " + u), std::string::npos) << second.err;
    EXPECT_NE(second.err.find("Address already in use"), std::string::npos) << second.err;
    const CommandResult w = zvm({"run", "--timeout", "30", "--channel", writer_spec(u, 0),
                                 c_nexe("channels"), "--", "echo"},
                                "through a manifest\n");
    EXPECT_EQ(w.exit_status, 0) << w.err;
    const CommandResult r = first.get();
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "through a manifest\n");
}

TEST(Etags, FileChannelsInTheTextReport) {
    ScratchDir dir;
    const std::string data = numbers(1000);
    const std::string in = dir.write("in", data);
    const CommandResult r = zvm(
        {"run", "--report", "text", "--channel", in + ",/dev/input,0,1,1000,1000000,0,0",
         "--channel", dir.file("out") + ",/dev/output,0,1,0,0,1000,1000000", "--channel",
         dir.write("plain", "x") + ",/dev/plain,0,0,10,10,0,0", c_nexe("channels"), "--", "copy"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(dir.read("out"), data);
    const std::vector<std::string> lines = [&] {
        std::vector<std::string> out;
        std::istringstream s(r.err);
        for (std::string l; std::getline(s, l);)
            out.push_back(l);
        return out;
    }();
    ASSERT_GE(lines.size(), 6u) << r.err;
    const std::string digest = sha256sum(data);
    // Only the channels with etag 1, in their order; /dev/plain has none.
    EXPECT_EQ(lines[lines.size() - 3], "/dev/input " + digest + " /dev/output " + digest);
}

} // namespace
} // namespace zvm::test
