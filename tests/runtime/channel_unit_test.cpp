// Unit tests of the channel interface (runtime/channels/channel.h) on host files: limits,
// accounting and etags; of SHA-256 (runtime/channels/sha256.h), and of the network URI
// parser (runtime/channels/network_uri.h), and of exec mode's files of the working directory
// (runtime/channels/cwd_file.h).
#include "runtime/channels/channel.h"
#include "runtime/channels/cwd_file.h"
#include "runtime/channels/network_uri.h"
#include "runtime/channels/sha256.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

std::string sha256(const std::string& data) {
    Sha256 h;
    h.update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
    return h.hex();
}

TEST(CwdFile, OnlyPlainNames) {
    for (const char* ok : {"conftest.val", "a", "..a", ".hidden", "a b"})
        EXPECT_TRUE(is_cwd_file_name(ok)) << ok;
    for (const char* bad : {"", ".", "..", "../x", "/etc/passwd", "a/b", "a/", "/"})
        EXPECT_FALSE(is_cwd_file_name(bad)) << bad;
    EXPECT_FALSE(is_cwd_file_name(std::string(256, 'a')));
    EXPECT_TRUE(is_cwd_file_name(std::string(255, 'a')));
    EXPECT_FALSE(is_cwd_file_name(std::string("a\0b", 3)));
}

TEST(CwdFile, RegularFilesOnlyNeverFollowingLinks) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(::testing::TempDir()) / ("zvm_cwd_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "outside.txt") << "secret";
    std::ofstream(dir / "sub" / "file") << "data";
    fs::create_symlink("../outside.txt", dir / "sub" / "link");
    fs::create_directory(dir / "sub" / "dir");
    ASSERT_EQ(mkfifo((dir / "sub" / "fifo").c_str(), 0600), 0);
    const int dfd = open((dir / "sub").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(dfd, 0);
    int err = 0;
    auto open_named = [&](const std::string& name, int flags) {
        err = 0;
        return open_cwd_file(dfd, name, flags, 0644, &err);
    };
    // A file: read, then written through a new channel.
    auto ch = open_named("file", O_RDONLY);
    ASSERT_NE(ch, nullptr) << err;
    EXPECT_TRUE(ch->readable());
    EXPECT_FALSE(ch->writable());
    struct stat st {};
    EXPECT_TRUE(ch->host_stat(&st));
    EXPECT_EQ(st.st_size, 4);
    ch = open_named("new", O_WRONLY | O_CREAT | O_TRUNC);
    ASSERT_NE(ch, nullptr) << err;
    const std::string text = "8\n";
    const iovec iov{const_cast<char*>(text.data()), text.size()};
    EXPECT_EQ(ch->write({&iov, 1}, std::nullopt), 2);
    ch.reset();
    std::ifstream in(dir / "sub" / "new");
    std::string got;
    std::getline(in, got);
    EXPECT_EQ(got, "8");
    // Refused: links, directories, FIFOs, other names, directory flags.
    EXPECT_EQ(open_named("link", O_RDONLY), nullptr);
    EXPECT_EQ(err, -EACCES);
    EXPECT_EQ(open_named("link", O_WRONLY | O_CREAT | O_TRUNC), nullptr);
    EXPECT_EQ(err, -EACCES);
    EXPECT_EQ(open_named("dir", O_RDONLY), nullptr);
    EXPECT_EQ(err, -EACCES);
    EXPECT_EQ(open_named("fifo", O_RDONLY), nullptr);
    EXPECT_EQ(err, -EACCES);
    EXPECT_EQ(open_named("fifo", O_WRONLY), nullptr);
    EXPECT_EQ(err, -EACCES);
    for (const char* bad : {"../outside.txt", "/etc/passwd", "dir/x", ".", ".."}) {
        EXPECT_EQ(open_named(bad, O_RDONLY), nullptr) << bad;
        EXPECT_EQ(err, -EACCES) << bad;
    }
    EXPECT_EQ(open_named("file", O_RDONLY | O_DIRECTORY), nullptr);
    EXPECT_EQ(err, -EACCES);
    EXPECT_EQ(open_named("x", O_RDWR | O_TMPFILE), nullptr);
    EXPECT_EQ(err, -EACCES);
    EXPECT_EQ(open_named("missing", O_RDONLY), nullptr);
    EXPECT_EQ(err, -ENOENT);
    EXPECT_EQ(open_named("file", O_WRONLY | O_CREAT | O_EXCL), nullptr);
    EXPECT_EQ(err, -EEXIST);
    std::ifstream outside(dir / "outside.txt");
    std::getline(outside, got);
    EXPECT_EQ(got, "secret");
    close(dfd);
    fs::remove_all(dir);
}

TEST(Sha256, KnownVectors) {
    // FIPS 180-4's examples (NIST CSVP) and the empty message.
    EXPECT_EQ(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, ChunkingDoesNotMatter) {
    std::string data;
    for (int i = 0; i < 1000; ++i)
        data += static_cast<char>(i * 7 + 3);
    const std::string whole = sha256(data);
    for (size_t chunk : {1, 3, 55, 56, 63, 64, 65, 127, 999}) {
        Sha256 h;
        for (size_t at = 0; at < data.size(); at += chunk) {
            const size_t n = std::min(chunk, data.size() - at);
            h.update(
                std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()) + at, n));
        }
        EXPECT_EQ(h.hex(), whole) << "chunk " << chunk;
    }
    // hex() leaves the state alone: more bytes may follow.
    Sha256 h;
    h.update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("ab"), 2));
    EXPECT_EQ(h.hex(), sha256("ab"));
    h.update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("c"), 1));
    EXPECT_EQ(h.hex(), sha256("abc"));
}

class TempFile {
  public:
    explicit TempFile(const std::string& data) {
        path_ = (std::filesystem::path(::testing::TempDir()) /
                 ("zvm_channel_unit_" + std::to_string(getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                    .string();
        std::ofstream(path_, std::ios::binary) << data;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }
    std::string read() const {
        std::ifstream in(path_, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

  private:
    std::string path_;
};

ChannelSpec spec_of(const std::string& text) {
    ChannelSpec spec;
    std::string error;
    EXPECT_TRUE(parse_channel_spec(text, &spec, &error)) << error;
    return spec;
}

std::unique_ptr<Channel> open_channel(const std::string& text) {
    std::string error;
    bool not_found = false;
    auto channel = Channel::open(spec_of(text), &error, &not_found);
    EXPECT_NE(channel, nullptr) << error;
    return channel;
}

int64_t read_into(Channel& c, std::string& buf, size_t n) {
    buf.assign(n, '\0');
    const iovec v{buf.data(), n};
    const int64_t got = c.read(std::span<const iovec>(&v, 1), std::nullopt);
    if (got >= 0) buf.resize(static_cast<size_t>(got));
    return got;
}

int64_t write_from(Channel& c, const std::string& data) {
    const iovec v{const_cast<char*>(data.data()), data.size()};
    return c.write(std::span<const iovec>(&v, 1), std::nullopt);
}

TEST(FileChannel, EtagIsTheDigestOfTheBytesRead) {
    const TempFile f("0123456789abcdefghij");
    auto c = open_channel(f.path() + ",/dev/in,0,1,100,15,0,0");
    ASSERT_NE(c, nullptr);
    std::string buf;
    EXPECT_EQ(read_into(*c, buf, 4), 4);
    EXPECT_EQ(read_into(*c, buf, 100), 11); // cut to getsize 15
    EXPECT_EQ(buf, "456789abcde");
    EXPECT_EQ(read_into(*c, buf, 1), -EDQUOT);
    // Only the bytes that passed: the first 15.
    EXPECT_EQ(c->etag(), sha256("0123456789abcde"));
    EXPECT_EQ(c->gets(), 2u);
    EXPECT_EQ(c->bytes_read(), 15u);
}

TEST(FileChannel, EtagOfWritesAndDisabledEtag) {
    const TempFile f("");
    {
        auto c = open_channel(f.path() + ",/dev/out,0,1,0,0,10,8");
        ASSERT_NE(c, nullptr);
        EXPECT_EQ(write_from(*c, "hello"), 5);
        EXPECT_EQ(write_from(*c, ""), 0);
        EXPECT_EQ(write_from(*c, "world"), 3); // cut to putsize 8
        EXPECT_EQ(write_from(*c, "!"), -EDQUOT);
        EXPECT_EQ(c->etag(), sha256("hellowor"));
        EXPECT_EQ(c->puts(), 2u);
        EXPECT_EQ(c->write_calls(), 3u); // the zero-byte write counts as a call, not a put
    }
    EXPECT_EQ(f.read(), "hellowor");
    auto plain = open_channel(f.path() + ",/dev/in,0,0,10,100,0,0");
    ASSERT_NE(plain, nullptr);
    std::string buf;
    EXPECT_EQ(read_into(*plain, buf, 100), 8);
    EXPECT_EQ(plain->etag(), std::nullopt);
}

TEST(FileChannel, RandomAccessEtagFollowsTheCalls) {
    const TempFile f("abcdef");
    auto c = open_channel(f.path() + ",/dev/data,1,1,10,100,0,0");
    ASSERT_NE(c, nullptr);
    std::string buf(3, '\0');
    const iovec v{buf.data(), 3};
    EXPECT_EQ(c->read(std::span<const iovec>(&v, 1), 3), 3);
    EXPECT_EQ(buf, "def");
    EXPECT_EQ(c->read(std::span<const iovec>(&v, 1), 0), 3);
    EXPECT_EQ(c->etag(), sha256("defabc"));
    EXPECT_EQ(c->seek(0, SEEK_END), 6);
}

TEST(NetworkUri, ParsesTcpAndIpc) {
    NetworkUri u;
    std::string error;
    ASSERT_TRUE(parse_network_uri("tcp://127.0.0.1:5555", &u, &error)) << error;
    EXPECT_EQ(u.transport, NetworkUri::Transport::kTcp);
    EXPECT_EQ(u.host, "127.0.0.1");
    EXPECT_EQ(u.port, 5555);
    ASSERT_TRUE(parse_network_uri("tcp://[::1]:65535", &u, &error)) << error;
    EXPECT_EQ(u.host, "::1");
    EXPECT_EQ(u.port, 65535);
    ASSERT_TRUE(parse_network_uri("tcp://*:1", &u, &error)) << error;
    EXPECT_EQ(u.host, "*");
    ASSERT_TRUE(parse_network_uri("tcp://localhost:80", &u, &error)) << error;
    EXPECT_EQ(u.host, "localhost");
    ASSERT_TRUE(parse_network_uri("ipc:///tmp/zvm.sock", &u, &error)) << error;
    EXPECT_EQ(u.transport, NetworkUri::Transport::kIpc);
    EXPECT_EQ(u.path, "/tmp/zvm.sock");
}

TEST(NetworkUri, RefusalsNameTheProblem) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"tcp://127.0.0.1", "no ':PORT'"},
        {"tcp://:5555", "no host"},
        {"tcp://h:0", "the port must be given"},
        {"tcp://h:*", "the port must be given"},
        {"tcp://h:65536", "'65536' is not a number from 1 to 65535"},
        {"tcp://h:12x", "'12x' is not a number"},
        {"tcp://h:", "'' is not a number"},
        {"tcp://::1:80", "in brackets"},
        {"tcp://[::1:80", "no closing ']'"},
        {"tcp://[::1]80", "no ':PORT'"},
        {"tcp://a b:80", "invalid character"},
        {"tcp:host:80", "write tcp://HOST:PORT"},
        {"ipc://", "no path"},
        {"ipc://" + std::string(108, 'x'), "longer than 107 bytes"},
        {"udp://h:1", "unsupported network transport"},
        {"inproc://x", "unsupported network transport"},
    };
    for (const auto& [uri, message] : cases) {
        NetworkUri u;
        std::string error;
        EXPECT_FALSE(parse_network_uri(uri, &u, &error)) << uri;
        EXPECT_NE(error.find(message), std::string::npos) << uri << ": " << error;
    }
    NetworkUri u;
    std::string error;
    EXPECT_TRUE(parse_network_uri("ipc://" + std::string(107, 'x'), &u, &error)) << error;
}

} // namespace
} // namespace zvm::runtime
