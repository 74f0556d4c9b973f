#include "runtime/binfmt_command.h"

#include "runtime/binfmt.h"
#include "runtime/exec_command.h"
#include "runtime/exit_status.h"
#include "runtime/proc_file.h"
#include "runtime/self_path.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

constexpr long kBinfmtMiscMagic = 0x42494e4d; // BINFMTFS_MAGIC, linux/magic.h

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "zvm binfmt: %s\n", message.c_str());
    return status;
}

// A name binfmt_misc takes and that stays one file of its directory.
bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || name == "." || name == "..") return false;
    for (const char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}

// The interpreter: the zvm-exec name beside this executable (the build links it to zvm).
bool interpreter_path(std::string* path, std::string* error) {
    const std::string exe = self_executable(error);
    if (exe.empty()) return false;
    *path = beside(exe, kExecInterpreterName);
    struct stat st {};
    if (::stat(path->c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        *error = "no interpreter " + *path + " (a link to zvm, made by the build)";
        return false;
    }
    return true;
}

// Writes `text` to DIR/FILE; returns 0 or errno.
int write_control(const std::string& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    const ssize_t n = ::write(fd, text.data(), text.size());
    const int err = n < 0 ? errno : n != static_cast<ssize_t>(text.size()) ? EIO : 0;
    ::close(fd);
    return err;
}

int unavailable_or(int err, const std::string& what) {
    if (err == EACCES || err == EPERM)
        return fail(binfmt_status::kUnavailable,
                    what + ": " + std::strerror(err) + " (registering needs root)");
    return fail(exit_status::kRuntimeError, what + ": " + std::strerror(err));
}

} // namespace

int binfmt_command(const BinfmtOptions& options) {
    if (!valid_name(options.name))
        return fail(exit_status::kRuntimeError,
                    "bad --name '" + options.name + "' (letters, digits, '_', '-', '.')");
    struct statfs fs {};
    if (::statfs(options.dir.c_str(), &fs) != 0 || fs.f_type != kBinfmtMiscMagic)
        return fail(binfmt_status::kUnavailable, "binfmt_misc is not mounted at " + options.dir +
                                                     " (mount -t binfmt_misc binfmt_misc " +
                                                     options.dir + ", as root)");
    const std::string entry = options.dir + "/" + options.name;

    if (options.action == "status") {
        std::string text;
        int err = 0;
        if (!read_whole_file(entry.c_str(), &text, &err)) {
            if (err == ENOENT)
                return fail(binfmt_status::kConflict, "no entry '" + options.name + "'");
            return unavailable_or(err, "cannot read " + entry);
        }
        std::fputs(text.c_str(), stdout);
        return text.rfind("enabled", 0) == 0 ? 0 : binfmt_status::kConflict;
    }
    if (options.action == "remove") {
        if (const int err = write_control(entry, "-1")) {
            if (err == ENOENT)
                return fail(binfmt_status::kConflict, "no entry '" + options.name + "'");
            return unavailable_or(err, "cannot remove " + entry);
        }
        std::printf("zvm binfmt: removed '%s'\n", options.name.c_str());
        return 0;
    }
    if (options.action != "install")
        return fail(exit_status::kRuntimeError, "unknown action '" + options.action + "'");

    std::string interpreter, error;
    if (!interpreter_path(&interpreter, &error)) return fail(exit_status::kRuntimeError, error);
    if (::access(entry.c_str(), F_OK) == 0)
        return fail(binfmt_status::kConflict, "an entry '" + options.name +
                                                  "' exists already (zvm binfmt remove --name " +
                                                  options.name + ")");
    // F: the kernel opens the interpreter now (it works inside other mount namespaces and
    // chroots, and a later change of the path does not matter); P: argv[0] is passed on.
    const std::string line = binfmt_register_line(options.name, interpreter, "PF");
    if (const int err = write_control(options.dir + "/register", line)) {
        if (err == EEXIST)
            return fail(binfmt_status::kConflict, "an entry '" + options.name + "' exists already");
        return unavailable_or(err, "cannot register in " + options.dir + "/register");
    }
    std::printf("zvm binfmt: registered '%s': nexes run with %s\n", options.name.c_str(),
                interpreter.c_str());
    return 0;
}

} // namespace zvm::runtime
