// `zvm exec` and the interpreter name `zvm-exec` end to end (runtime/exec_command.h,
// docs/cli.md): argv[0], environment, stdio and exit status as a native program's, and
// exec mode's files of the working directory (c/exec_files.c: configure's conftest.val,
// hostile names, links, directories, FIFOs, wild pointers), which `zvm run` never reaches.
#include "vfs_test_util.h"

#include <filesystem>
#include <sys/stat.h>

namespace zvm::test {
namespace {

// Runs `args` in directory `dir` (through /bin/sh's cd: the test harness has no cwd).
CommandResult run_in(const std::string& dir, std::vector<std::string> args,
                     const std::string& input = "") {
    args.insert(args.begin(), {"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir});
    return run_command(args, input);
}

std::string zvm_exec_path() {
    return std::filesystem::path(ZVM_BINARY).parent_path() / "zvm-exec";
}

// The directory c/exec_files.c expects, inside a parent holding outside.txt.
std::string prepare(const ScratchDir& scratch) {
    scratch.write("outside.txt", "outside\n");
    const std::string dir = scratch.file("work");
    scratch.write("work/in.txt", "input\n");
    std::filesystem::create_symlink("../outside.txt", dir + "/link");
    std::filesystem::create_directory(dir + "/sub");
    EXPECT_EQ(mkfifo((dir + "/fifo").c_str(), 0644), 0);
    return dir;
}

TEST(Exec, FilesOfTheWorkingDirectoryAndNothingElse) {
    ScratchDir scratch;
    const std::string dir = prepare(scratch);
    const CommandResult r = run_in(dir, {ZVM_BINARY, "exec", c_nexe("exec_files")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "exec files ok\n");
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(scratch.read("work/conftest.val"), "8\n");
    EXPECT_EQ(scratch.read("work/in.txt"), "INput!");
    EXPECT_EQ(scratch.read("work/log.txt"), "ab");
    EXPECT_EQ(scratch.read("work/wild.txt"), "abc");
    EXPECT_EQ(scratch.read("outside.txt"), "outside\n"); // the link's target, untouched
    EXPECT_TRUE(std::filesystem::is_symlink(dir + "/link"));
    EXPECT_FALSE(std::filesystem::exists(scratch.file("x")));
    EXPECT_FALSE(std::filesystem::exists(dir + "/sub/new"));
    EXPECT_FALSE(std::filesystem::exists(dir + "/missing.txt"));
}

TEST(Exec, RunNeverReachesTheWorkingDirectory) {
    ScratchDir scratch;
    const std::string dir = prepare(scratch);
    const CommandResult r = run_in(dir, {ZVM_BINARY, "run", c_nexe("exec_files"), "--", "run"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "run mode ok\n");
    EXPECT_FALSE(std::filesystem::exists(dir + "/conftest.val"));
}

TEST(Exec, LikeANativeProgram) {
    ScratchDir scratch;
    const std::string nexe = c_nexe("exec_files");
    const std::vector<std::string> env_cmd = {"/usr/bin/env", "ZVM_TEST_A=1", "ZVM_TEST_B=x y"};
    std::vector<std::string> args = env_cmd;
    args.insert(args.end(), {ZVM_BINARY, "exec", nexe, "args", "two words"});
    CommandResult r = run_in(scratch.file(""), args, "from stdin\n");
    EXPECT_EQ(r.exit_status, 3) << r.err;
    EXPECT_EQ(r.out, "argv: " + nexe + "\nargv: args\nargv: two words\n" +
                         "env: ZVM_TEST_A=1\nenv: ZVM_TEST_B=x y\nfrom stdin\n");
    // The interpreter's convention (binfmt_misc with the P flag): PROG ARGV0 ARGS.
    args = env_cmd;
    args.insert(args.end(), {zvm_exec_path(), nexe, "./given-argv0", "args"});
    r = run_in(scratch.file(""), args);
    EXPECT_EQ(r.exit_status, 3) << r.err;
    EXPECT_EQ(r.out, "argv: ./given-argv0\nargv: args\nenv: ZVM_TEST_A=1\nenv: ZVM_TEST_B=x y\n");
}

TEST(Exec, ErrorsAreZvmRunsStatuses) {
    ScratchDir scratch;
    CommandResult r = zvm({"exec"});
    EXPECT_EQ(r.exit_status, 125);
    EXPECT_NE(r.err.find("usage: zvm exec"), std::string::npos) << r.err;
    r = zvm({"exec", "/nonexistent.nexe"});
    EXPECT_EQ(r.exit_status, 127);
    r = zvm({"exec", scratch.write("text", "not a nexe\n")});
    EXPECT_EQ(r.exit_status, 126);
    r = run_command({zvm_exec_path(), "/nonexistent.nexe"});
    EXPECT_EQ(r.exit_status, 125);
}

} // namespace
} // namespace zvm::test
