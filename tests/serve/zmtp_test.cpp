// The ZMTP codec of `zvm serve` (runtime/serve/zmtp.h): the handshake's bytes, frames, PING,
// and every malformed input giving its error. Interoperation with libzmq's REQ and DEALER
// sockets is tests/serve/serve_test.cpp's.
#include "runtime/serve/zmtp.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using zvm::runtime::serve::zmtp_encode_command;
using zvm::runtime::serve::zmtp_encode_message;
using zvm::runtime::serve::zmtp_greeting;
using zvm::runtime::serve::ZmtpConnection;
using zvm::runtime::serve::ZmtpLimits;

// A client's greeting: version major.minor, mechanism.
std::string greeting(int major = 3, int minor = 0, const std::string& mechanism = "NULL") {
    std::string g(64, '\0');
    g[0] = '\xFF';
    g[8] = 1; // libzmq puts its identity's size + 1 in the padding
    g[9] = 0x7F;
    g[10] = static_cast<char>(major);
    g[11] = static_cast<char>(minor);
    g.replace(12, mechanism.size(), mechanism);
    return g;
}

std::string property(const std::string& name, const std::string& value) {
    std::string p(1, static_cast<char>(name.size()));
    p += name;
    for (int shift = 24; shift >= 0; shift -= 8)
        p += static_cast<char>((value.size() >> shift) & 0xFF);
    return p + value;
}

std::string ready(const std::string& socket_type) {
    std::string out;
    zmtp_encode_command("READY", property("Socket-Type", socket_type) + property("Identity", ""),
                        &out);
    return out;
}

std::string message(const std::vector<std::string>& frames) {
    std::string out;
    zmtp_encode_message(frames, &out);
    return out;
}

// What a libzmq REQ client sends: greeting, READY, then a request.
std::string req_stream() {
    return greeting() + ready("REQ") + message({"", "{\"app\":\"a\"}", std::string(300, 'i')});
}

TEST(Zmtp, SendsItsGreetingAtOnceAndReadyAfterThePeersGreeting) {
    ZmtpConnection z;
    EXPECT_EQ(z.output(), zmtp_greeting());
    const std::string g = zmtp_greeting();
    ASSERT_EQ(g.size(), 64u);
    EXPECT_EQ(g.substr(0, 1), "\xFF");
    EXPECT_EQ(g[9], '\x7F');
    EXPECT_EQ(g[10], 3);
    EXPECT_EQ(g[11], 1);
    EXPECT_EQ(g.substr(12, 20), std::string("NULL") + std::string(16, '\0'));
    EXPECT_EQ(g.substr(32), std::string(32, '\0')); // as-server 0, filler
    z.output().clear();

    ASSERT_TRUE(z.feed(greeting()));
    // READY: COMMAND flag, size 28, "\5READY", Socket-Type ROUTER.
    const std::string expected =
        std::string("\x04\x1C\x05READY\x0BSocket-Type\0\0\0\x06ROUTER", 30);
    EXPECT_EQ(z.output(), expected);
    EXPECT_FALSE(z.handshake_done());
    ASSERT_TRUE(z.feed(ready("DEALER")));
    EXPECT_TRUE(z.handshake_done());
    EXPECT_EQ(z.peer_socket_type(), "DEALER");
}

TEST(Zmtp, AcceptsVersions30And31) {
    for (int minor : {0, 1}) {
        ZmtpConnection z;
        EXPECT_TRUE(z.feed(greeting(3, minor) + ready("REQ"))) << z.error();
        EXPECT_TRUE(z.handshake_done());
    }
}

TEST(Zmtp, ShortAndLongFramesAndMore) {
    ZmtpConnection z;
    ASSERT_TRUE(z.feed(req_stream()));
    ASSERT_EQ(z.messages().size(), 1u);
    const auto& m = z.messages()[0];
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0], "");
    EXPECT_EQ(m[1], "{\"app\":\"a\"}");
    EXPECT_EQ(m[2], std::string(300, 'i'));

    // The encoding: a short frame has a 1-byte size, a long one (> 255) 8 bytes.
    EXPECT_EQ(message({"ab"}), std::string("\x00\x02"
                                           "ab",
                                           4));
    EXPECT_EQ(message({"a", ""}), std::string("\x01\x01"
                                              "a"
                                              "\x00\x00",
                                              5));
    const std::string long_frame = message({std::string(256, 'x')});
    EXPECT_EQ(long_frame.substr(0, 9), std::string("\x02\0\0\0\0\0\0\x01\x00", 9));
    EXPECT_EQ(long_frame.size(), 9u + 256u);
    // A LONG frame of a small size is accepted too.
    z.messages().clear();
    ASSERT_TRUE(z.feed(std::string("\x02\0\0\0\0\0\0\0\x03xyz", 12)));
    ASSERT_EQ(z.messages().size(), 1u);
    EXPECT_EQ(z.messages()[0], std::vector<std::string>{"xyz"});
}

TEST(Zmtp, PingIsAnsweredWithPongEchoingTheContext) {
    ZmtpConnection z;
    ASSERT_TRUE(z.feed(greeting(3, 1) + ready("DEALER")));
    z.output().clear();
    std::string ping;
    zmtp_encode_command("PING", std::string("\x00\x64", 2) + "ctx", &ping);
    ASSERT_TRUE(z.feed(ping));
    std::string pong;
    zmtp_encode_command("PONG", "ctx", &pong);
    EXPECT_EQ(z.output(), pong);
    // Other commands are ignored.
    z.output().clear();
    std::string other;
    zmtp_encode_command("SUBSCRIBE", "x", &other);
    ASSERT_TRUE(z.feed(other));
    EXPECT_EQ(z.output(), "");
    EXPECT_TRUE(z.messages().empty());
}

TEST(Zmtp, OneByteAtATimeGivesTheSameMessages) {
    const std::string stream = req_stream() + message({"", "second"});
    ZmtpConnection z;
    for (const char c : stream)
        ASSERT_TRUE(z.feed(std::string_view(&c, 1))) << z.error();
    ASSERT_EQ(z.messages().size(), 2u);
    EXPECT_EQ(z.messages()[0][2], std::string(300, 'i'));
    EXPECT_EQ(z.messages()[1], (std::vector<std::string>{"", "second"}));
}

TEST(Zmtp, TruncatedAtEveryByteIsIncompleteNotAnError) {
    const std::string stream = req_stream();
    for (size_t cut = 0; cut < stream.size(); ++cut) {
        ZmtpConnection z;
        EXPECT_TRUE(z.feed(stream.substr(0, cut))) << cut << ": " << z.error();
        EXPECT_TRUE(z.messages().empty()) << cut;
        EXPECT_TRUE(z.feed(stream.substr(cut))) << cut << ": " << z.error();
        EXPECT_EQ(z.messages().size(), 1u) << cut;
    }
}

// Feeds `bytes` to a fresh connection: the error (empty if none).
std::string error_of(const std::string& bytes, ZmtpLimits limits = {}) {
    ZmtpConnection z(limits);
    if (z.feed(bytes)) return "";
    EXPECT_FALSE(z.feed("more")); // failed stays failed
    return z.error();
}

TEST(Zmtp, MalformedGreetings) {
    EXPECT_EQ(error_of("GET / HTTP/1.1\r\n"),
              "ZMTP greeting: bad signature (byte 0 is 0x47, expected 0xFF)");
    std::string g = greeting();
    g[9] = 0x01;
    EXPECT_EQ(error_of(g.substr(0, 10)),
              "ZMTP greeting: bad signature (byte 9 is 0x01, expected 0x7F)");
    EXPECT_EQ(error_of(greeting(2, 0)),
              "ZMTP greeting: version 2.x; this server speaks 3.0 and 3.1");
    EXPECT_EQ(error_of(greeting(4, 0)),
              "ZMTP greeting: version 4.x; this server speaks 3.0 and 3.1");
    EXPECT_EQ(error_of(greeting(3, 0, "PLAIN")),
              "ZMTP greeting: mechanism PLAIN; this server accepts NULL only");
    EXPECT_EQ(error_of(greeting(3, 0, "CURVE").substr(0, 32)),
              "ZMTP greeting: mechanism CURVE; this server accepts NULL only");
    // No ERROR command before a good greeting.
    ZmtpConnection z;
    z.output().clear();
    EXPECT_FALSE(z.feed(greeting(3, 0, "CURVE")));
    EXPECT_EQ(z.output(), "");
}

TEST(Zmtp, MalformedHandshakes) {
    EXPECT_EQ(error_of(greeting() + ready("PUB")),
              "ZMTP READY at byte 64: Socket-Type PUB; this ROUTER takes REQ and DEALER");
    EXPECT_EQ(error_of(greeting() + ready("ROUTER")),
              "ZMTP READY at byte 64: Socket-Type ROUTER; this ROUTER takes REQ and DEALER");
    std::string no_type;
    zmtp_encode_command("READY", property("Identity", "x"), &no_type);
    EXPECT_EQ(error_of(greeting() + no_type), "ZMTP READY at byte 64: no Socket-Type property");
    std::string truncated;
    zmtp_encode_command("READY", property("Socket-Type", "REQ").substr(0, 14), &truncated);
    EXPECT_EQ(error_of(greeting() + truncated), "ZMTP READY at byte 64: a property is truncated");
    // READY missing: a message, or another command, first.
    EXPECT_EQ(error_of(greeting() + message({"x"})),
              "ZMTP message frame at byte 64 before the peer's READY");
    std::string ping;
    zmtp_encode_command("PING", std::string(2, '\0'), &ping);
    EXPECT_EQ(error_of(greeting() + ping), "ZMTP handshake: expected READY at byte 64, got PING");
    std::string error;
    zmtp_encode_command("ERROR", "\x05nope!", &error);
    EXPECT_EQ(error_of(greeting() + error), "ZMTP: the peer sent ERROR (nope!)");
    // A command whose name runs past its end.
    EXPECT_EQ(error_of(greeting() + std::string("\x04\x02\x09R", 4)),
              "ZMTP command at byte 64: its name is longer than the command");
    // After a good greeting, the error is also sent as an ERROR command.
    ZmtpConnection z;
    z.output().clear();
    EXPECT_FALSE(z.feed(greeting() + ready("PUB")));
    const std::string out = z.output();
    const size_t at = out.find("\x05"
                               "ERROR");
    ASSERT_NE(at, std::string::npos) << out;
    EXPECT_NE(out.find("Socket-Type PUB", at), std::string::npos);
}

TEST(Zmtp, MalformedFrames) {
    const std::string start = greeting() + ready("REQ");
    const std::string at = std::to_string(start.size());
    // A LONG frame of 2^63 bytes and one of 2^62: refused from the header.
    EXPECT_EQ(error_of(start + std::string("\x02\x80\0\0\0\0\0\0\0", 9)),
              "ZMTP frame of 9223372036854775808 bytes at byte " + at +
                  " exceeds the 64 MiB request limit");
    EXPECT_EQ(error_of(start + std::string("\x03\x40\0\0\0\0\0\0\0", 9)),
              "ZMTP frame of 4611686018427387904 bytes at byte " + at +
                  " exceeds the 64 MiB request limit");
    // Frames that are each small but together pass the limit.
    ZmtpLimits small;
    small.max_message = 1000;
    const std::string frame600 = message({std::string(600, 'x'), ""}).substr(0, 9 + 600);
    EXPECT_EQ(error_of(start + frame600 + frame600, small),
              "ZMTP frame of 600 bytes at byte " + std::to_string(start.size() + 609) +
                  " exceeds the 1000 bytes request limit");
    // Too many frames.
    std::string many;
    for (int i = 0; i < 17; ++i)
        many += std::string("\x01\x00", 2);
    EXPECT_EQ(error_of(start + many), "ZMTP message of more than 16 frames (frame at byte " +
                                          std::to_string(start.size() + 32) + ")");
    // A command in the middle of a message, a command with MORE, reserved flags.
    std::string ping;
    zmtp_encode_command("PING", std::string(2, '\0'), &ping);
    EXPECT_EQ(error_of(start + std::string("\x01\x00", 2) + ping),
              "ZMTP command frame at byte " + std::to_string(start.size() + 2) +
                  " in the middle of a message");
    EXPECT_EQ(error_of(start + std::string("\x05\x00", 2)),
              "ZMTP command frame at byte " + at + " has the MORE flag");
    EXPECT_EQ(error_of(start + std::string("\x10\x00", 2)),
              "ZMTP frame at byte " + at + ": reserved flag bits set (0x10)");
    // A command larger than the command limit.
    EXPECT_EQ(error_of(start + std::string("\x06\0\0\0\0\0\x01\0\x01", 9)),
              "ZMTP command of 65537 bytes at byte " + at + " exceeds the 64 KiB command limit");
    EXPECT_EQ(error_of(start + std::string("\x04\x01\x04", 3) + "\x04PING"),
              "ZMTP command at byte " + at + ": its name is longer than the command");
    std::string short_ping;
    zmtp_encode_command("PING", "\x01", &short_ping);
    EXPECT_EQ(error_of(start + short_ping),
              "ZMTP PING at byte " + at + " is shorter than its 2-byte TTL");
}

// A connection handed over at a message boundary (a worker holding the client's
// connection) parses the rest of the stream as the original connection would.
TEST(Zmtp, AnEstablishedConnectionParsesFromAMessageBoundaryOn) {
    ZmtpConnection front;
    EXPECT_FALSE(front.at_message_boundary()); // before the handshake
    ASSERT_TRUE(front.feed(greeting() + ready("DEALER")));
    EXPECT_TRUE(front.at_message_boundary());
    const std::string request = message({"{\"app\":\"a\"}", "stdin"});
    ASSERT_TRUE(front.feed(request.substr(0, 5)));
    EXPECT_FALSE(front.at_message_boundary()); // inside a frame
    ASSERT_TRUE(front.feed(request.substr(5)));
    EXPECT_TRUE(front.at_message_boundary());
    ASSERT_EQ(front.messages().size(), 1u);

    ZmtpConnection held = ZmtpConnection::established();
    EXPECT_TRUE(held.output().empty()); // no greeting of its own
    EXPECT_TRUE(held.handshake_done());
    ASSERT_TRUE(held.feed(request));
    EXPECT_EQ(held.messages(), front.messages());
    // Between the frames of a message: not at a boundary either.
    ASSERT_TRUE(held.feed(request.substr(0, request.size() - 7)));
    EXPECT_FALSE(held.at_message_boundary());
    // PING answered, a malformed frame refused, as on any connection in traffic.
    ZmtpConnection pinged = ZmtpConnection::established();
    std::string ping;
    zmtp_encode_command("PING",
                        std::string("\0\x01"
                                    "ctx",
                                    5),
                        &ping);
    ASSERT_TRUE(pinged.feed(ping));
    std::string pong;
    zmtp_encode_command("PONG", "ctx", &pong);
    EXPECT_EQ(pinged.output(), pong);
    EXPECT_FALSE(pinged.feed(std::string("\xF0\x00", 2)));
}

} // namespace
