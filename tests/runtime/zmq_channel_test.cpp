// Unit tests of the ZeroMQ channel (runtime/channels/zmq_channel.h): framing, end of
// stream, limits, etags, bind and spec errors, a writer that ends before its reader binds,
// and a peer that never comes (a signal, the session timeout's SIGALRM in zvm, ends the
// blocked read).
#include "runtime/channels/sha256.h"
#include "runtime/channels/zmq_channel.h"
#include "tests/support/free_port.h"

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <future>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <vector>

namespace zvm::runtime {
namespace {

std::string tcp_uri() {
    return "tcp://127.0.0.1:" + std::to_string(zvm::test::free_loopback_port());
}

std::string ipc_uri() {
    return "ipc://" + (std::filesystem::path(::testing::TempDir()) /
                       ("zvm_zmq_" + std::to_string(getpid()) + "_" +
                        ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                          .string();
}

ChannelSpec spec(const std::string& uri, bool reader, uint64_t calls = 1000000,
                 uint64_t bytes = 1ULL << 40, bool etag = false) {
    ChannelSpec s;
    s.uri = uri;
    s.alias = reader ? "/dev/in" : "/dev/out";
    s.etag = etag;
    (reader ? s.gets : s.puts) = calls;
    (reader ? s.getsize : s.putsize) = bytes;
    return s;
}

std::unique_ptr<Channel> open_ok(const ChannelSpec& s, double timeout = 10) {
    std::string error;
    auto c = ZmqChannel::open(s, timeout, &error);
    EXPECT_NE(c, nullptr) << error;
    return c;
}

std::string open_error(const ChannelSpec& s) {
    std::string error;
    auto c = ZmqChannel::open(s, 1, &error);
    EXPECT_EQ(c, nullptr) << s.uri;
    return error;
}

int64_t get(Channel& c, std::string& buf, size_t n) {
    buf.assign(n, '\0');
    const iovec v{buf.data(), n};
    const int64_t got = c.read(std::span<const iovec>(&v, 1), std::nullopt);
    if (got >= 0) buf.resize(static_cast<size_t>(got));
    return got;
}

int64_t put(Channel& c, const std::string& data) {
    const iovec v{const_cast<char*>(data.data()), data.size()};
    return c.write(std::span<const iovec>(&v, 1), std::nullopt);
}

// Everything up to the end of stream, in reads of `chunk` bytes.
std::string drain(Channel& c, size_t chunk) {
    std::string all, buf;
    for (;;) {
        const int64_t n = get(c, buf, chunk);
        EXPECT_GE(n, 0);
        if (n <= 0) return all;
        all += buf;
    }
}

std::string sha256(const std::string& data) {
    Sha256 h;
    h.update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
    return h.hex();
}

TEST(ZmqChannel, KeepsThePartOfAMessageNotRead) {
    const std::string uri = tcp_uri();
    auto reader = open_ok(spec(uri, true));
    auto writer = open_ok(spec(uri, false));
    ASSERT_TRUE(reader && writer);
    EXPECT_EQ(put(*writer, "abcdef"), 6);
    std::string buf;
    EXPECT_EQ(get(*reader, buf, 4), 4);
    EXPECT_EQ(buf, "abcd");
    // The rest of the message, and nothing else has come: no waiting for more.
    EXPECT_EQ(get(*reader, buf, 100), 2);
    EXPECT_EQ(buf, "ef");
    EXPECT_EQ(put(*writer, "gh"), 2);
    EXPECT_EQ(get(*reader, buf, 100), 2);
    EXPECT_EQ(buf, "gh");
    // The writer's end is the end of stream: 0, and 0 again.
    writer.reset();
    EXPECT_EQ(get(*reader, buf, 100), 0);
    EXPECT_EQ(get(*reader, buf, 100), 0);
    EXPECT_EQ(reader->network(), true);
    EXPECT_EQ(reader->seek(0, SEEK_SET), -ESPIPE);
    struct stat st {};
    EXPECT_FALSE(reader->host_stat(&st));
}

TEST(ZmqChannel, AByteStreamAcrossManyMessages) {
    for (const std::string& uri : {tcp_uri(), ipc_uri()}) {
        auto reader = open_ok(spec(uri, true, 1000000, 1ULL << 40, true));
        std::string sent;
        {
            auto writer = open_ok(spec(uri, false, 1000000, 1ULL << 40, true));
            ASSERT_TRUE(reader && writer);
            for (int i = 0; i < 500; ++i) {
                std::string msg(static_cast<size_t>(i * 37 % 5000 + 1), '\0');
                for (size_t j = 0; j < msg.size(); ++j)
                    msg[j] = static_cast<char>('a' + (i + j) % 26);
                ASSERT_EQ(put(*writer, msg), static_cast<int64_t>(msg.size()));
                sent += msg;
            }
            // One message of 3 MiB, read in small pieces below.
            const std::string big(3 << 20, 'Z');
            ASSERT_EQ(put(*writer, big), static_cast<int64_t>(big.size()));
            sent += big;
            EXPECT_EQ(writer->etag(), sha256(sent));
        }
        EXPECT_EQ(drain(*reader, 4093), sent) << uri;
        EXPECT_EQ(reader->etag(), sha256(sent)) << uri;
        EXPECT_EQ(reader->bytes_read(), sent.size());
    }
}

TEST(ZmqChannel, AWriteSendsAtMostItsCap) {
    // 80 iovecs over the same 1 MiB: one write is a host allocation of its whole size, so
    // it stops at kMaxWriteBytes (a short write); the reader gets exactly that.
    const std::string uri = ipc_uri();
    auto reader = open_ok(spec(uri, true));
    std::string mib(1 << 20, 'q');
    std::vector<iovec> iov(80, iovec{mib.data(), mib.size()});
    {
        auto writer = open_ok(spec(uri, false));
        ASSERT_TRUE(reader && writer);
        EXPECT_EQ(writer->write(iov, std::nullopt),
                  static_cast<int64_t>(ZmqChannel::kMaxWriteBytes));
    }
    const std::string got = drain(*reader, 1 << 20);
    EXPECT_EQ(got.size(), ZmqChannel::kMaxWriteBytes);
    EXPECT_EQ(got.find_first_not_of('q'), std::string::npos);
}

TEST(ZmqChannel, ReadsFillTheBuffersFromMessagesThatHaveArrived) {
    const std::string uri = ipc_uri();
    auto reader = open_ok(spec(uri, true));
    {
        auto writer = open_ok(spec(uri, false));
        for (const char* m : {"one ", "two ", "three"})
            put(*writer, m);
    }               // the writer waited until everything, and the end of stream, was handed over
    usleep(500000); // and the reader's I/O thread has taken it in meanwhile
    std::string buf(8, '\0'), tail(100, '\0');
    iovec v[2] = {{buf.data(), 8}, {tail.data(), 100}};
    // Everything has arrived: one call takes all three messages, across both buffers.
    EXPECT_EQ(reader->read(std::span<const iovec>(v, 2), std::nullopt), 13);
    EXPECT_EQ(buf + tail.substr(0, 5), "one two three");
    std::string rest;
    EXPECT_EQ(get(*reader, rest, 10), 0);
}

TEST(ZmqChannel, LimitsAsForFiles) {
    const std::string uri = tcp_uri();
    auto reader = open_ok(spec(uri, true, 3, 10));
    auto writer = open_ok(spec(uri, false, 2, 8));
    ASSERT_TRUE(reader && writer);
    EXPECT_EQ(put(*writer, "01234"), 5);
    EXPECT_EQ(put(*writer, "56789"), 3); // cut to putsize 8
    EXPECT_EQ(put(*writer, "x"), -EDQUOT);
    EXPECT_EQ(put(*writer, ""), 0); // no message: the empty message is the end of stream
    // No read spans the two messages: how much of the second one has arrived when a read
    // starts would change its result (ReadsFillTheBuffersFromMessagesThatHaveArrived).
    std::string buf;
    EXPECT_EQ(get(*reader, buf, 3), 3);
    EXPECT_EQ(buf, "012");
    EXPECT_EQ(get(*reader, buf, 2), 2);
    EXPECT_EQ(buf, "34");
    EXPECT_EQ(get(*reader, buf, 5), 3); // waits for the second message, cut to 3 bytes
    EXPECT_EQ(buf, "567");
    EXPECT_EQ(get(*reader, buf, 3), -EDQUOT); // gets 3 used up
    EXPECT_EQ(reader->gets(), 3u);
    EXPECT_EQ(writer->puts(), 2u);
    EXPECT_EQ(writer->bytes_written(), 8u);
}

TEST(ZmqChannel, NothingIsLostWhenTheWriterEndsBeforeTheReaderBinds) {
    const std::string uri = tcp_uri();
    std::string sent;
    auto writer = open_ok(spec(uri, false), 20);
    ASSERT_NE(writer, nullptr);
    for (int i = 0; i < 100; ++i) {
        const std::string line = "line " + std::to_string(i) + "\n";
        ASSERT_EQ(put(*writer, line), static_cast<int64_t>(line.size()));
        sent += line;
    }
    // The writer's instance ends; its end waits for the reader (below) to connect.
    auto ended = std::async(std::launch::async, [w = std::move(writer)]() mutable { w.reset(); });
    usleep(100000);
    auto reader = open_ok(spec(uri, true));
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(drain(*reader, 7), sent);
    ended.get();
}

TEST(ZmqChannel, AWriterWhoseReaderNeverComesGivesUpAtTheSessionTimeout) {
    // An ipc address of this process's own: a TCP port found free can be bound by another
    // test process meanwhile, whose reader would then take the data.
    auto writer = open_ok(spec(ipc_uri(), false), 0.3);
    ASSERT_NE(writer, nullptr);
    EXPECT_EQ(put(*writer, "lost"), 4);
    testing::internal::CaptureStderr();
    writer.reset(); // returns after about 0.3 s (else this test would hang)
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("did not take all the data within the session timeout"), std::string::npos)
        << err;
}

void on_alarm(int) {}

TEST(ZmqChannel, ASignalEndsAReadWhoseWriterNeverComes) {
    auto reader = open_ok(spec(tcp_uri(), true));
    ASSERT_NE(reader, nullptr);
    // zvm's session timeout: SIGALRM without SA_RESTART (runtime/faults.cpp).
    struct sigaction sa {
    }, old{};
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, &old);
    itimerval timer{};
    timer.it_value.tv_usec = 200000;
    setitimer(ITIMER_REAL, &timer, nullptr);
    std::string buf;
    EXPECT_EQ(get(*reader, buf, 10), -EINTR);
    sigaction(SIGALRM, &old, nullptr);
    EXPECT_EQ(reader->gets(), 0u);
}

TEST(ZmqChannel, SpecsAndAddressesThatAreRefused) {
    const std::string uri = tcp_uri();
    ChannelSpec both = spec(uri, true);
    both.puts = both.putsize = 10;
    EXPECT_NE(open_error(both).find("read-only (a PULL socket) or write-only"), std::string::npos);
    ChannelSpec random = spec(uri, true);
    random.type = ChannelType::kRandomRead;
    EXPECT_NE(open_error(random).find("sequential: type 0, not 1"), std::string::npos);
    EXPECT_NE(open_error(spec("tcp://*:5555", false)).find("'*' names no host"), std::string::npos);
    EXPECT_NE(open_error(spec("tcp://h:99999", true)).find("channel 'tcp://h:99999': the port"),
              std::string::npos);
    // Two readers of one address: the second cannot bind.
    auto first = open_ok(spec(uri, true));
    const std::string error = open_error(spec(uri, true));
    EXPECT_NE(error.find("cannot bind"), std::string::npos) << error;
    EXPECT_NE(error.find("Address already in use"), std::string::npos) << error;
    // A reader binding an address of no interface of this host.
    EXPECT_NE(open_error(spec("tcp://192.0.2.1:5555", true)).find("cannot bind"),
              std::string::npos);
}

} // namespace
} // namespace zvm::runtime
