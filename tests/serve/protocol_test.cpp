// The server-worker frames (runtime/serve/protocol.h): round trips, partial delivery,
// malformed and oversized input.
#include "runtime/serve/protocol.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace zvm::runtime::serve {
namespace {

TEST(Protocol, RequestAndReplyRoundTrip) {
    WorkRequest in;
    in.id = 77;
    in.args = {"a", "", std::string("b\0c", 3)};
    in.env = {"X=1"};
    in.input = std::string(100000, 'z');
    WorkRequest out;
    ASSERT_TRUE(decode(encode(in), &out));
    EXPECT_EQ(out.id, 77u);
    EXPECT_EQ(out.args, in.args);
    EXPECT_EQ(out.env, in.env);
    EXPECT_EQ(out.input, in.input);
    EXPECT_EQ(out.reply, WorkRequest::Reply::kServer);
    EXPECT_FALSE(out.lend);
    in.reply = WorkRequest::Reply::kZmtpDelimited;
    in.lend = true;
    ASSERT_TRUE(decode(encode(in), &out));
    EXPECT_EQ(out.reply, WorkRequest::Reply::kZmtpDelimited);
    EXPECT_TRUE(out.lend);

    WorkReply reply{9, -3, "out", "err", "{}", "ok", 12345, true, true, true};
    WorkReply back;
    ASSERT_TRUE(decode(encode(reply), &back));
    EXPECT_TRUE(back.last);
    EXPECT_EQ(back.sent, 12345u);
    EXPECT_TRUE(back.all_sent);
    EXPECT_TRUE(back.kept);
    EXPECT_EQ(back.id, 9u);
    EXPECT_EQ(back.status, -3);
    EXPECT_EQ(back.output, "out");
    EXPECT_EQ(back.errors, "err");
    EXPECT_EQ(back.report, "{}");
    EXPECT_EQ(back.exit_state, "ok");
}

TEST(Protocol, MalformedPayloadsAreRefused) {
    const std::string good = encode(WorkRequest{1, {"x"}, {}, "in"});
    WorkRequest out;
    for (size_t cut = 0; cut < good.size(); ++cut)
        EXPECT_FALSE(decode(good.substr(0, cut), &out)) << cut;
    EXPECT_FALSE(decode(good + "extra", &out));
    // A string count far beyond the payload.
    std::string huge = good;
    huge[8] = '\xff';
    huge[9] = '\xff';
    EXPECT_FALSE(decode(huge, &out));
    // An unknown reply mode, flags that are neither 0 nor 1.
    std::string mode = good;
    mode[mode.size() - 2] = 3;
    EXPECT_FALSE(decode(mode, &out));
    std::string lend = good;
    lend.back() = 2;
    EXPECT_FALSE(decode(lend, &out));
    for (const size_t from_end : {1, 2, 3}) { // last, kept, all sent
        std::string flag = encode(WorkReply{1, 0, "", "", "", "", 0, false, false, false});
        WorkReply reply;
        ASSERT_TRUE(decode(flag, &reply));
        flag[flag.size() - from_end] = 2;
        EXPECT_FALSE(decode(flag, &reply)) << from_end;
    }
    ReadyMessage ready;
    EXPECT_FALSE(decode(std::string_view("\x01"), &ready));
}

TEST(Protocol, FramesArriveInPieces) {
    int sv[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ASSERT_TRUE(send_frame(sv[0], FrameType::kRequest, "first"));
    ASSERT_TRUE(send_frame(sv[0], FrameType::kReply, ""));
    char buf[64];
    const ssize_t n = read(sv[1], buf, sizeof buf);
    ASSERT_EQ(n, 5 + 5 + 5);
    FrameReader reader;
    FrameType type;
    std::string payload;
    bool broken = false;
    for (ssize_t i = 0; i < n; ++i) {
        reader.feed(buf + i, 1);
        if (i < 9) {
            EXPECT_FALSE(reader.next(&type, &payload, &broken));
        }
    }
    ASSERT_TRUE(reader.next(&type, &payload, &broken));
    EXPECT_EQ(type, FrameType::kRequest);
    EXPECT_EQ(payload, "first");
    ASSERT_TRUE(reader.next(&type, &payload, &broken));
    EXPECT_EQ(type, FrameType::kReply);
    EXPECT_EQ(payload, "");
    EXPECT_TRUE(reader.empty());
    close(sv[0]);
    close(sv[1]);
}

// A descriptor sent with a frame arrives with it (the client's connection for a worker);
// a second one replaces the first, which is closed; without `received` none is kept.
TEST(Protocol, ADescriptorTravelsWithItsFrame) {
    int sv[2], pipe_fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ASSERT_EQ(pipe(pipe_fds), 0);
    ASSERT_TRUE(send_frame(sv[0], FrameType::kRequest, "with a descriptor", pipe_fds[1]));
    FrameReader reader;
    FrameType type;
    std::string payload;
    int received = -1;
    ASSERT_TRUE(recv_frame(sv[1], reader, &type, &payload, &received));
    EXPECT_EQ(payload, "with a descriptor");
    ASSERT_GE(received, 0);
    EXPECT_NE(received, pipe_fds[1]);
    ASSERT_EQ(write(received, "x", 1), 1); // the same pipe
    char c = 0;
    ASSERT_EQ(read(pipe_fds[0], &c, 1), 1);
    EXPECT_EQ(c, 'x');
    EXPECT_NE(fcntl(received, F_GETFD) & FD_CLOEXEC, 0);

    ASSERT_TRUE(send_frame(sv[0], FrameType::kRequest, "again", pipe_fds[1]));
    const int first = received;
    ASSERT_TRUE(recv_frame(sv[1], reader, &type, &payload, &received));
    EXPECT_EQ(payload, "again");
    EXPECT_GE(received, 0);
    EXPECT_NE(received, first);           // installed while the first was still open,
    EXPECT_EQ(fcntl(first, F_GETFD), -1); // which is closed now
    close(received);

    ASSERT_TRUE(send_frame(sv[0], FrameType::kRequest, "ignored", pipe_fds[1]));
    ASSERT_TRUE(recv_frame(sv[1], reader, &type, &payload));
    EXPECT_EQ(payload, "ignored");
    for (int fd : {sv[0], sv[1], pipe_fds[0], pipe_fds[1]})
        close(fd);
}

TEST(Protocol, OversizedFramesAreBroken) {
    FrameReader reader;
    const char header[5] = {'\xff', '\xff', '\xff', '\x7f', 2};
    reader.feed(header, 5);
    FrameType type;
    std::string payload;
    bool broken = false;
    EXPECT_FALSE(reader.next(&type, &payload, &broken));
    EXPECT_TRUE(broken);
}

} // namespace
} // namespace zvm::runtime::serve
