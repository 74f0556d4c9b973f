// End-to-end tests of the read-only image: `zvm run --image T.tar` with the C programs of
// c/ (fs.c exercises every file call; efault_fs.c gives them wild pointers), tar formats,
// and hostile archives refused at start with a message naming the entry or offset.
#include "tests/runtime/running_zvm.h"
#include "vfs_test_util.h"

#include <sys/wait.h>

namespace zvm::test {
namespace {

const std::string kLongName =
    "a-very-long-directory-name-that-does-not-fit-in-the-ustar-name-field-of-one-hundred-bytes/"
    "and-a-long-file-name-too.txt";

// The image fs.c expects.
std::string fs_image(int format) {
    return TarBuilder(format)
        .file("hello.txt", "hello, image\n")
        .file("run.sh", "#!x\n", 0755)
        .dir("dir")
        .file("dir/a.txt", "A\n")
        .file("dir/b.txt", "BB\n")
        .dir("dir/sub")
        .symlink("dir/link", "../hello.txt")
        .symlink("abs", "/dir/a.txt")
        .symlink("escape", "../../../../hello.txt")
        .symlink("loop1", "loop2")
        .symlink("loop2", "loop1")
        .symlink("dangling", "nowhere")
        .symlink("dirlink", "dir")
        .hardlink("hard", "hello.txt")
        .file("implied/deep/file.txt", "deep\n")
        .file(kLongName, "long\n")
        .bytes();
}

// Shrinks `image` while `run` (writing its JSON report to dir's report.json) waits to read
// it: the run must end with a runtime error naming the image.
void shrink_and_expect_a_runtime_error(RunningZvm& run, const std::string& image,
                                       const ScratchDir& dir) {
    ASSERT_TRUE(run.running());
    std::filesystem::resize_file(image, 4096);
    const int status = run.finish();
    ASSERT_TRUE(WIFEXITED(status)) << "zvm killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 125);
    const std::string text = dir.read("report.json");
    EXPECT_NE(text.find("\"exit_state\":\"runtime error: the image " + image +
                        " shrank while the program ran"),
              std::string::npos)
        << text;
}

TEST(Image, AnImageFileThatShrinksEndsTheRunWithARuntimeError) {
    // The image is served from a mapping of its file: a read past the file's new end
    // raised SIGBUS in the runtime, which died ("internal error", 134). Now the instance
    // ends with a runtime error (125) and its report.
    ScratchDir dir;
    const std::string tar =
        dir.write("big.tar", TarBuilder().file("big", std::string(1 << 20, 'b')).bytes());
    const std::string report = dir.file("report.json");
    RunningZvm run(ZVM_BINARY, {"run", "--report", "json", "--report-file", report, "--image", tar,
                                c_nexe("read_after_stdin"), "--", "/big"});
    shrink_and_expect_a_runtime_error(run, tar, dir);
}

TEST(Image, AZappThatShrinksEndsTheRunWithARuntimeError) {
    // A zapp's image is served from a mapping of the zapp, as --image's is from its file.
    ScratchDir dir;
    dir.write("tree/big", std::string(1 << 20, 'b'));
    const std::string zapp = dir.file("big.zapp");
    const CommandResult pack =
        zvm({"pack", "-o", zapp, "--nexe", c_nexe("read_after_stdin"), "--dir", dir.file("tree")});
    ASSERT_EQ(pack.exit_status, 0) << pack.err;
    const std::string report = dir.file("report.json");
    RunningZvm run(ZVM_BINARY,
                   {"run", "--report", "json", "--report-file", report, zapp, "--", "/big"});
    shrink_and_expect_a_runtime_error(run, zapp, dir);
}

TEST(Image, EveryFileCallBehavesLikeLinux) {
    ScratchDir dir;
    const std::string tar = dir.write("fs.tar", fs_image(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED));
    const CommandResult r = zvm({"run", "--image", tar, c_nexe("fs")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "via /dev/stdout\nfs ok\n");
    EXPECT_EQ(r.err, "");
}

TEST(Image, GnuLongNamesWork) {
    ScratchDir dir;
    const std::string tar = dir.write("fs.tar", fs_image(ARCHIVE_FORMAT_TAR_GNUTAR));
    const CommandResult r = zvm({"run", "--image", tar, c_nexe("fs")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "via /dev/stdout\nfs ok\n");
}

TEST(Image, WildPointersGetEfaultOnEveryFileCall) {
    ScratchDir dir;
    const std::string tar = dir.write("fs.tar", fs_image(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED));
    const CommandResult r = zvm({"run", "--image", tar, c_nexe("efault_fs")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    EXPECT_EQ(r.out, "efault ok\n");
}

TEST(Image, MissingImageIs127) {
    const CommandResult r = zvm({"run", "--image", "/nonexistent/image.tar", c_nexe("fs")});
    EXPECT_EQ(r.exit_status, 127);
    EXPECT_NE(r.err.find("cannot read image /nonexistent/image.tar"), std::string::npos) << r.err;
}

struct Hostile {
    const char* name;
    std::string tar;
    const char* message; // expected in the error
};

// One pax record "LEN key=value\n", LEN counting itself.
std::string pax_record(const std::string& key, const std::string& value) {
    const size_t body = 1 + key.size() + 1 + value.size() + 1;
    size_t len = body + 1;
    while (std::to_string(len).size() + body != len)
        ++len;
    return std::to_string(len) + " " + key + "=" + value + "\n";
}

std::vector<Hostile> hostile_tars() {
    const std::string good = tar_header("a.txt", '0', 3) + tar_data("abc");
    std::string flipped = good;
    flipped[10] = 'X'; // inside the name: checksum no longer matches
    std::vector<Hostile> v = {
        {"BadChecksum", tar_header("a.txt", '0', 3, "", false) + tar_data("abc") + tar_end(),
         "tar offset 0 (entry 'a.txt'): header checksum mismatch"},
        {"CorruptedHeader", flipped + tar_end(), "header checksum mismatch"},
        {"TruncatedData", tar_header("a.txt", '0', 5000) + tar_data("abc"),
         "truncated: 5000 bytes"},
        {"NoEndMarker", good, "ends without its end-of-archive marker"},
        {"PartialHeader", good + std::string(100, 'x'), "partial header block"},
        {"Empty", "", "tar offset 0: truncated"},
        {"SizeOverflow",
         tar_header("a.txt", '0', 0, "", true, "\x80\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff") +
             tar_end(),
         "numeric field"},
        {"SizeNotANumber", tar_header("a.txt", '0', 0, "", true, "12x4") + tar_end(),
         "numeric field"},
        {"DotDotEscape", tar_header("../../etc/passwd", '0', 3) + tar_data("abc") + tar_end(),
         "entry '../../etc/passwd'): the path has a '..' component"},
        {"DotDotInside", tar_header("a/../b", '0', 0) + tar_end(), "'..' component"},
        {"ConflictingDuplicate", good + tar_header("a.txt", '0', 3) + tar_data("xyz") + tar_end(),
         "tar offset 1024 (entry 'a.txt'): conflicts with the entry of the same path at tar offset "
         "0"},
        {"FileThenDirectory", good + tar_header("a.txt/", '5', 0) + tar_end(), "conflicts"},
        {"BelowAFile", good + tar_header("a.txt/b", '0', 0) + tar_end(),
         "lies below a non-directory"},
        {"BelowASymlink", tar_header("l", '2', 0, "/") + tar_header("l/x", '0', 0) + tar_end(),
         "lies below a symbolic link"},
        {"HardLinkToNothing", tar_header("h", '1', 0, "missing") + tar_end(),
         "hard link to 'missing', which is not an earlier regular file"},
        {"HardLinkOutside", tar_header("h", '1', 0, "../x") + tar_end(), "hard link target"},
        {"Device", tar_header("dev", '3', 0) + tar_end(),
         "device and FIFO entries are not supported"},
        {"UnknownType", tar_header("x", 'Q', 0) + tar_end(), "unsupported entry type 'Q'"},
        {"SymlinkWithData", tar_header("l", '2', 3, "a") + tar_data("abc") + tar_end(),
         "a link with 3 bytes of data"},
        {"BadPaxRecord", tar_header("pax", 'x', 9) + tar_data("8 path=a\n") + tar_end(),
         "pax record"},
        {"PaxWithoutEntry", tar_header("pax", 'x', 10) + tar_data("10 path=a\n") + tar_end(),
         "extended header followed by the end of the archive"},
        {"NotATar", std::string(2048, 'z'), "header checksum mismatch"},
        {"ExtendedHeaderTooLarge",
         tar_header("p", 'x', (1 << 20) + 1) + tar_data(std::string((1 << 20) + 1, 'x')) +
             tar_header("a", '0', 0) + tar_end(),
         "tar offset 0 (entry 'p'): an extended header of 1048577 bytes (at most 1048576)"},
        {"NameTooLongComponent",
         tar_header("p", 'x', pax_record("path", std::string(256, 'n')).size()) +
             tar_data(pax_record("path", std::string(256, 'n'))) +
             tar_header("placeholder", '0', 0) + tar_end(),
         "longer than NAME_MAX"},
    };
    return v;
}

class HostileImage : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileImage, IsRefusedWithStatus126AndAClearMessage) {
    ScratchDir dir;
    const std::string tar = dir.write("bad.tar", GetParam().tar);
    const CommandResult r = zvm({"run", "--image", tar, asm_nexe("hello")});
    EXPECT_EQ(r.exit_status, 126) << r.err;
    EXPECT_NE(r.err.find(tar + ": bad image: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(Image, HostileImage, ::testing::ValuesIn(hostile_tars()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Image, ExactDuplicatesAndExplicitDirectoriesAfterImpliedOnesAreFine) {
    ScratchDir dir;
    const std::string good = tar_header("d/a.txt", '0', 3) + tar_data("abc");
    const std::string tar = dir.write("ok.tar", good + good + tar_header("d/", '5', 0) +
                                                    tar_header("./", '5', 0) + tar_end());
    const CommandResult r = zvm({"run", "--image", tar, asm_nexe("hello")});
    EXPECT_EQ(r.exit_status, 0) << r.err;
}

} // namespace
} // namespace zvm::test
