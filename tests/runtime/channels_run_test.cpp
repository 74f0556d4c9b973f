// End-to-end tests of channels (--channel and manifests), manifests and zapps
// (`zvm pack`, `zvm run APP.zapp`), with c/channels.c and c/fs.c.
#include "vfs_test_util.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zvm::test {
namespace {

std::string chan(const std::string& uri, const std::string& alias, int type,
                 const std::string& limits) {
    return uri + "," + alias + "," + std::to_string(type) + ",0," + limits;
}

TEST(Channels, CopyFromInputToOutput) {
    ScratchDir dir;
    std::string data;
    for (int i = 0; i < 5000; ++i)
        data += static_cast<char>('a' + i % 26);
    const std::string in = dir.write("in", data);
    const CommandResult r =
        zvm({"run", "--channel", chan(in, "/dev/input", 0, "1000,1000000,0,0"), "--channel",
             chan(dir.file("out"), "/dev/output", 0, "0,0,1000,1000000"), c_nexe("channels"), "--",
             "copy"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(dir.read("out"), data);
}

TEST(Channels, LimitsGiveEdquot) {
    ScratchDir dir;
    const std::string in = dir.write("in", "0123456789abcdef");
    CommandResult r = zvm({"run", "--channel", chan(in, "/dev/input", 0, "3,10,0,0"), "--channel",
                           chan(dir.file("out"), "/dev/output", 0, "0,0,2,5"), c_nexe("channels"),
                           "--", "quota"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(dir.read("out"), "abcde");
    r = zvm({"run", "--channel", chan(in, "/dev/input", 0, "2,1000,0,0"), c_nexe("channels"), "--",
             "gets"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
}

TEST(Channels, RandomAndSequentialTypes) {
    ScratchDir dir;
    const std::string data = dir.write("data", "0123456789");
    const std::string seqf = dir.write("seq", "seq");
    const CommandResult r =
        zvm({"run", "--channel", chan(data, "/dev/data", 3, "10,100,10,100"), "--channel",
             chan(seqf, "/dev/seq", 0, "10,100,0,0"), c_nexe("channels"), "--", "random"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(dir.read("data"), "0XY3456789");
}

TEST(Channels, AccessFollowsTheLimits) {
    ScratchDir dir;
    const std::string ro = dir.write("ro", "r");
    const CommandResult r =
        zvm({"run", "--channel", chan(ro, "/dev/ro", 0, "10,100,0,0"), "--channel",
             chan(dir.file("wo"), "/dev/wo", 0, "0,0,10,100"), c_nexe("channels"), "--", "access"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
}

TEST(Channels, StdioCanBeRedirected) {
    ScratchDir dir;
    const std::string in = dir.write("in", "from a file\n");
    const CommandResult r = zvm(
        {"run", "--channel", chan(in, "/dev/stdin", 0, "10,1000,0,0"), "--channel",
         chan(dir.file("out"), "/dev/stdout", 0, "0,0,10,1000"), c_nexe("channels"), "--", "echo"},
        "not this\n");
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(dir.read("out"), "from a file\n");
    // And by default stdin is zvm's.
    const CommandResult d = zvm({"run", c_nexe("channels"), "--", "echo"}, "piped\n");
    EXPECT_EQ(d.exit_status, 0) << d.err;
    EXPECT_EQ(d.out, "piped\n");
}

TEST(Channels, StdoutQuota) {
    const CommandResult r = zvm({"run", "--channel", "/dev/stdout,/dev/stdout,0,0,0,0,1,4",
                                 c_nexe("channels"), "--", "echo"},
                                "0123456789");
    EXPECT_EQ(r.exit_status, 1) << r.err; // the write is cut to the 4 bytes of putsize
    EXPECT_EQ(r.out, "0123");
    EXPECT_NE(r.err.find("SYS(NR_write, 1, buf, n) = 4 (want 10)"), std::string::npos) << r.err;
}

TEST(Channels, WritingToAPipeWithoutReaderIsEpipe) {
    // stdout is a pipe whose read end is closed: the program's write gets -EPIPE and the
    // run ends normally with its report (zvm used to die of SIGPIPE, the report lost).
    ScratchDir dir;
    int out[2];
    ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
    close(out[0]);
    const int err_fd =
        open(dir.file("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(err_fd, 0);
    const pid_t pid = spawn_with_stdio({ZVM_BINARY, "run", "--report", "json", c_nexe("epipe")}, -1,
                                       out[1], err_fd);
    close(out[1]);
    close(err_fd);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    const std::string err = dir.read("err");
    ASSERT_TRUE(WIFEXITED(status)) << "zvm killed by signal " << WTERMSIG(status) << ": " << err;
    EXPECT_EQ(WEXITSTATUS(status), 3) << err;
    EXPECT_NE(err.find("write: -32\n"), std::string::npos) << err;
    EXPECT_NE(err.find("\"return_code\":3"), std::string::npos) << err;
}

TEST(Channels, BadChannelsAreRefused) {
    ScratchDir dir;
    struct Case {
        std::string spec;
        int status;
        const char* message;
    };
    const std::vector<Case> cases = {
        {"/x,/dev/x,0,0,1,1", 125, "8 fields"},
        {"/x,dev/x,0,0,1,1,0,0", 125, "field 2 (alias)"},
        {"/x,/dev/x,7,0,1,1,0,0", 125, "field 3 (type): '7' is not 0, 1, 2 or 3"},
        {"/x,/dev/x,0,2,1,1,0,0", 125, "field 4 (etag)"},
        {"/x,/dev/x,0,0,-1,1,0,0", 125, "field 5 (gets)"},
        {"/x,/dev/x,0,0,0,0,0,0", 125, "neither reading"},
        // Network channels (zvm hands the run to zvm-full, which refuses these).
        {"tcp://127.0.0.1,/dev/net,0,0,1,1,0,0", 125,
         "channel 'tcp://127.0.0.1': no ':PORT' after the host"},
        {"tcp://127.0.0.1:70000,/dev/net,0,0,1,1,0,0", 125, "is not a number from 1 to 65535"},
        {"tcp://*:5555,/dev/net,0,0,0,0,1,1", 125, "'*' names no host"},
        {"tcp://127.0.0.1:5555,/dev/net,0,0,1,1,1,1", 125, "read-only (a PULL socket) or"},
        {"tcp://127.0.0.1:5555,/dev/net,3,0,1,1,0,0", 125, "sequential: type 0, not 3"},
        {"ipc://,/dev/net,0,0,1,1,0,0", 125, "no path (ipc://PATH)"},
        {"udp://127.0.0.1:5555,/dev/net,0,0,1,1,0,0", 125, "unsupported network transport"},
        {"tcp:127.0.0.1:5555,/dev/net,0,0,1,1,0,0", 125, "write tcp://HOST:PORT"},
        {dir.file("missing") + ",/dev/in,0,0,1,1,0,0", 127, "cannot open"},
        {dir.file("") + ",/dev/in,0,0,1,1,0,0", 127, "is a directory"},
    };
    for (const auto& c : cases) {
        const CommandResult r = zvm({"run", "--channel", c.spec, asm_nexe("hello")});
        EXPECT_EQ(r.exit_status, c.status) << c.spec << "\n" << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << c.spec << "\n" << r.err;
        EXPECT_EQ(r.out, "");
    }
    const CommandResult dup = zvm(
        {"run", "--channel", "/dev/stdout,/dev/x,0,0,0,0,1,1", "--manifest",
         dir.write("m", "Channel = /dev/stderr, /dev/x, 0, 0, 0, 0, 1, 1\n"), asm_nexe("hello")});
    EXPECT_EQ(dup.exit_status, 0) << dup.err; // --channel replaces the manifest's alias
}

TEST(Manifest, RunsItsProgramWithItsChannelsAndSettings) {
    ScratchDir dir;
    std::filesystem::copy_file(c_nexe("channels"), dir.file("prog.nexe"));
    dir.write("in", "manifest data");
    const std::string manifest =
        dir.write("job.manifest", "# a ZeroVM manifest\n"
                                  "Version = 20130611\n"
                                  "Program = prog.nexe\n"
                                  "Timeout = 5\n"
                                  "Memory = 268435456, 0\n"
                                  "Channel = in, /dev/input, 0, 0, 100, 100000, 0, 0\n"
                                  "Channel = " +
                                      dir.file("out") +
                                      ", /dev/output, 0, 0, 0, 0, 100, 100000\n"
                                      "Node = 1\n"
                                      "Job = ignored\n");
    const CommandResult r = zvm({"run", "--manifest", manifest, "--", "copy"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(dir.read("out"), "manifest data");
}

TEST(Manifest, EnvironmentAndCommandLineOverrides) {
    ScratchDir dir;
    const std::string manifest =
        dir.write("m", "Environment = HOME, /home/zvm, LANG, C\nEnvironment = USER, nobody\n");
    const CommandResult r = zvm({"run", "--manifest", manifest, "--env", "LANG=fr_FR", "--env",
                                 "EXTRA=1", c_nexe("channels"), "--", "env", "x"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "HOME=/home/zvm\nLANG=fr_FR\nUSER=nobody\nEXTRA=1\nchannels.nexe\nenv\nx\n");
    EXPECT_EQ(zvm({"run", "--env", "NOEQUALS", asm_nexe("hello")}).exit_status, 125);
}

TEST(Manifest, TimeoutAndMemoryApply) {
    ScratchDir dir;
    CommandResult r =
        zvm({"run", "--manifest", dir.write("t", "Timeout = 0.2\n"), asm_nexe("loop")});
    EXPECT_EQ(r.exit_status, 124) << r.err;
    r = zvm({"run", "--manifest", dir.write("m", "Memory = 64K, 0\n"), asm_nexe("hello")});
    EXPECT_EQ(r.exit_status, 126) << r.err;
    EXPECT_NE(r.err.find("memory limit"), std::string::npos) << r.err;
    // The command line wins.
    r = zvm({"run", "--manifest", dir.file("m"), "--memory", "64M", asm_nexe("hello")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
}

TEST(Manifest, MalformedManifestsNameTheLine) {
    ScratchDir dir;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Version = 1\nProgramm = x\n", ":2: unknown key 'Programm'"},
        {"Version = 1\n\nno equals sign\n", ":3: expected 'Key = value'"},
        {"Program = a\nProgram = b\n", ":2: 'Program' given twice"},
        {"Timeout = soon\n", ":1: Timeout 'soon' is not a positive number"},
        {"Timeout = 0\n", ":1: Timeout"},
        {"Memory = lots\n", ":1: Memory 'lots' is not a byte count"},
        {"Memory = 1M, 2\n", ":1: the Memory etag flag"},
        {"Channel = /a, /dev/a, 0, 0, 1, 1\n", ":1: Channel: a channel has 8 fields"},
        {"Channel = /a, /dev/a, 9, 0, 1, 1, 0, 0\n", ":1: Channel: field 3 (type)"},
        {"Environment = A\n", ":1: Environment is 'name, value"},
        {"Version =\n", ":1: 'Version' has no value"},
        {" = 3\n", ":1: expected 'Key = value': the key is empty"},
        {std::string("Version = 1\0x\n", 14), ":1: the line contains a NUL byte"},
        {std::string(3 << 20, '\n'), ":0: the manifest is larger than 1048576 bytes"},
    };
    for (const auto& [text, message] : cases) {
        const std::string m = dir.write("bad.manifest", text);
        const CommandResult r = zvm({"run", "--manifest", m, asm_nexe("hello")});
        EXPECT_EQ(r.exit_status, 125) << text << r.err;
        EXPECT_NE(r.err.find("zvm: " + m + message), std::string::npos) << text << "\n" << r.err;
        EXPECT_EQ(r.out, "");
    }
    const CommandResult missing = zvm({"run", "--manifest", dir.file("none"), asm_nexe("hello")});
    EXPECT_EQ(missing.exit_status, 127);
    EXPECT_NE(missing.err.find("cannot read manifest"), std::string::npos);
    const CommandResult directory = zvm({"run", "--manifest", dir.file(""), asm_nexe("hello")});
    EXPECT_EQ(directory.exit_status, 127);
    EXPECT_NE(directory.err.find("cannot read manifest " + dir.file("") + ": Is a directory"),
              std::string::npos)
        << directory.err;
    // A manifest read from a pipe.
    const CommandResult piped = zvm({"run", "--manifest", "/dev/stdin", asm_nexe("hello")},
                                    "Version = 20130611\nTimeout = 5\n");
    EXPECT_EQ(piped.exit_status, 0) << piped.err;
    const CommandResult no_program = zvm({"run", "--manifest", dir.write("e", "Version = 1\n")});
    EXPECT_EQ(no_program.exit_status, 125);
    EXPECT_NE(no_program.err.find("no program"), std::string::npos) << no_program.err;
}

// The fs.c image as a directory tree on disk, for `zvm pack --dir`.
void make_fs_tree(const ScratchDir& dir, const std::string& root) {
    namespace fs = std::filesystem;
    const std::string r = dir.file(root);
    dir.write(root + "/hello.txt", "hello, image\n");
    dir.write(root + "/run.sh", "#!x\n");
    fs::permissions(r + "/hello.txt", fs::perms(0644));
    fs::permissions(r + "/run.sh", fs::perms(0755));
    dir.write(root + "/dir/a.txt", "A\n");
    dir.write(root + "/dir/b.txt", "BB\n");
    fs::permissions(r + "/dir/a.txt", fs::perms(0644));
    fs::create_directories(r + "/dir/sub");
    fs::create_symlink("../hello.txt", r + "/dir/link");
    fs::create_symlink("/dir/a.txt", r + "/abs");
    fs::create_symlink("../../../../hello.txt", r + "/escape");
    fs::create_symlink("loop2", r + "/loop1");
    fs::create_symlink("loop1", r + "/loop2");
    fs::create_symlink("nowhere", r + "/dangling");
    fs::create_symlink("dir", r + "/dirlink");
    fs::create_hard_link(r + "/hello.txt", r + "/hard");
    dir.write(root + "/implied/deep/file.txt", "deep\n");
    dir.write(root + "/a-very-long-directory-name-that-does-not-fit-in-the-ustar-name-field-of-one-"
                     "hundred-bytes/and-a-long-file-name-too.txt",
              "long\n");
}

TEST(Zapp, PackADirectoryAndRunIt) {
    ScratchDir dir;
    make_fs_tree(dir, "tree");
    const std::string zapp = dir.file("fs.zapp");
    CommandResult r = zvm({"pack", "-o", zapp, "--nexe", c_nexe("fs"), "--dir", dir.file("tree")});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    r = zvm({"run", zapp});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "via /dev/stdout\nfs ok\n");
}

TEST(Zapp, PackFilesWithAManifest) {
    ScratchDir dir;
    dir.write("data/x.txt", "x");
    const std::string manifest = dir.write(
        "m", "Version = 20130611\nProgram = bin/prog.nexe\nEnvironment = WHO, zapp\nTimeout = 9\n");
    const std::string zapp = dir.file("env.zapp");
    const std::string cwd = std::filesystem::current_path();
    std::filesystem::current_path(dir.file(""));
    CommandResult r = zvm(
        {"pack", "-o", zapp, "--nexe", c_nexe("channels"), "--manifest", manifest, "data/x.txt"});
    std::filesystem::current_path(cwd);
    ASSERT_EQ(r.exit_status, 0) << r.err;
    r = zvm({"run", zapp, "--env", "MORE=1", "--", "env"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "WHO=zapp\nMORE=1\nenv.zapp\nenv\n");
}

TEST(Zapp, PackRefusesBadInputs) {
    ScratchDir dir;
    const std::string text = dir.write("notanexe", "hello");
    CommandResult r = zvm({"pack", "-o", dir.file("a.zapp"), "--nexe", text});
    EXPECT_EQ(r.exit_status, 126) << r.err;
    EXPECT_NE(r.err.find("not a nexe"), std::string::npos) << r.err;
    r = zvm({"pack", "-o", dir.file("a.zapp"), "--nexe", dir.file("missing")});
    EXPECT_EQ(r.exit_status, 127) << r.err;
    r = zvm({"pack", "-o", dir.file("a.zapp"), "--nexe", c_nexe("fs"), "--manifest",
             dir.write("m", "Channel = /etc/passwd, /dev/p, 0, 0, 1, 1, 0, 0\n")});
    EXPECT_EQ(r.exit_status, 125) << r.err;
    EXPECT_NE(r.err.find("may not declare Channel"), std::string::npos) << r.err;
    r = zvm({"pack", "-o", dir.file("a.zapp"), "--nexe", c_nexe("fs"), "/etc/passwd"});
    EXPECT_EQ(r.exit_status, 125) << r.err;
    r = zvm({"pack", "-o", dir.file("a.zapp"), "--nexe", c_nexe("fs"), "--dir", dir.file("none")});
    EXPECT_EQ(r.exit_status, 127) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("a.zapp")));
}

TEST(Zapp, MalformedZappsAreRefused) {
    ScratchDir dir;
    const std::string zapp = dir.file("ok.zapp");
    ASSERT_EQ(zvm({"pack", "-o", zapp, "--nexe", asm_nexe("hello")}).exit_status, 0);
    const std::string whole = dir.read("ok.zapp");
    EXPECT_EQ(zvm({"run", zapp}).exit_status, 0);

    const std::vector<std::pair<std::string, std::string>> cases = {
        {whole.substr(0, whole.size() / 2), "bad zapp: tar offset"},
        {tar_header("manifest", '0', 12) + tar_data("Version = 1\n") + tar_end(),
         "bad zapp: no regular member 'program.nexe'"},
        {tar_header("manifest", '0', 44) +
             tar_data("Channel = /etc/passwd,/dev/p,0,0,1,1,0,0\n\n\n\n") + tar_end(),
         "bad zapp: manifest:1: a zapp's manifest may not declare channels"},
        {tar_header("manifest", '0', 10) + tar_data("Bogus = 1\n") + tar_end(),
         "bad zapp: manifest:1: unknown key 'Bogus'"},
        {tar_header("program.nexe", '0', 5) + tar_data("hello") + tar_end(), "not a nexe"},
        {tar_header("program.nexe", '5', 0) + tar_end(), "no regular member"},
    };
    for (const auto& [bytes, message] : cases) {
        const std::string bad = dir.write("bad.zapp", bytes);
        const CommandResult r = zvm({"run", bad});
        EXPECT_EQ(r.exit_status, 126) << message << "\n" << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
    }
}

} // namespace
} // namespace zvm::test
