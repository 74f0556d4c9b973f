// zcc: the C compiler driver for zvm nexes, a drop-in `cc`.
//
//   .c  --clang-19 -S-->  .s  --zvm-as-->  .o  --ld.lld-19 (zvm.ld, crt1.o, -lc -lzvmrt)-->  nexe
//   .S  --clang-19 -E-->  .s  --zvm-as-->  .o
//
// The sysroot (headers, crt1.o, libc.a, libzvmrt.a, zvm.ld) is $ZVM_SYSROOT or <dir of
// zcc>/../sysroot; zvm-as is $ZVM_AS or the one next to zcc; clang-19 and ld.lld-19 come from PATH
// (or $ZVM_CLANG, $ZVM_LLD). A failing sub-step's exit status is zcc's exit status.
#include "options.h"
#include "process.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace zvm::zcc {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTriple = "x86_64-linux-musl";

constexpr const char* kHelp =
    "usage: zcc [options] file...\n"
    "Compiles C (.c), assembly (.s) and preprocessed assembly (.S) into zvm sandbox objects and\n"
    "links them with .o/.a files into a static nexe (default a.out).\n"
    "  -c -S -E -o FILE -x LANG -I -D -U -include -isystem -O0..3 -Os -g -std= -W... -f... -m...\n"
    "  -l -L -Wl,... -Xlinker -nostdlib -nostartfiles -nodefaultlibs -static -v -save-temps\n"
    "  -MD -MMD -MF -MT -MQ -MP  --version --help -dumpmachine -dumpversion\n"
    "Environment: ZVM_SYSROOT, ZVM_AS, ZVM_CLANG, ZVM_LLD.\n";

std::string env(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

struct Tools {
    std::string clang = env("ZVM_CLANG", "clang-19");
    std::string lld = env("ZVM_LLD", "ld.lld-19");
    std::string as = env("ZVM_AS", selfDirectory() + "/zvm-as");
    std::string sysroot = env("ZVM_SYSROOT", selfDirectory() + "/../sysroot");
};

// Flags before the user's: defaults the user may override.
std::vector<std::string> defaultFlags(const Tools& tools) {
    return {
        "--target=" + std::string(kTriple), // musl's ABI and predefined macros (no glibc)
        "-nostdlibinc",                     // no host headers; clang's own (stddef.h ...) stay
        "-isystem",
        tools.sysroot + "/include",
        // Globals are addressed directly (no GOT load) even when defined in another object: a
        // nexe is linked statically.
        "-fdirect-access-external-data",
        "-fno-asynchronous-unwind-tables", // no .eh_frame by default, as musl builds itself
        "-D__zvm__=1",
    };
}

// Flags after the user's: what the sandbox model needs, so that the user cannot undo them.
const std::vector<std::string> kRequiredFlags = {
    // Position-independent code, for its jump tables: a `switch` dispatches with
    // `lea table(%rip); movslq (table,%idx,4); add; jmp *%reg` on registers the compiler
    // allocated, which zvm-as masks in place (and it aligns every label a table refers to, as for
    // computed goto). Static code would jump through memory, `jmp *table(,%idx,8)`, which zvm-as
    // can only load into %r11, a register compiled code may hold live inside a function. The
    // nexe itself is still linked static at its fixed address; lld resolves PIE code's GOT and
    // PLT references to direct ones.
    "-fPIE",
    // %fs is forbidden: the only thread-pointer access left is `mov %fs:0, %reg`, which
    // zvm-as rewrites into a load from the thread-pointer slot.
    "-mno-tls-direct-seg-refs",
    // Indirect-branch targets (functions) must start a bundle; zvm-as aligns them too.
    "-falign-functions=32",
    // The stack protector would read its canary at %fs:0x28; use the global __stack_chk_guard.
    "-mstack-protector-guard=global",
    // No endbr64: masking already confines indirect branches, and it would only cost bytes.
    "-fcf-protection=none",
};

std::string baseName(const std::string& path) {
    return fs::path(path).filename().string();
}

std::string replaceExtension(const std::string& path, const std::string& ext) {
    return fs::path(baseName(path)).replace_extension(ext).string();
}

int fail(const std::string& step, int status, const std::string& what) {
    std::fprintf(stderr, "zcc: %s failed (exit status %d)%s%s\n", step.c_str(), status,
                 what.empty() ? "" : ": ", what.c_str());
    return status;
}

class Driver {
  public:
    Driver(const Options& opts, const Tools& tools) : opts_(opts), tools_(tools) {
        if (opts_.saveTemps) temp_.keep();
    }

    int run() {
        if (!checkOutputCount()) return 1;
        std::vector<std::string> linkInputs;
        for (const Input& in : opts_.inputs) {
            if (in.lang == Lang::Linker) {
                linkInputs.push_back(in.path);
                continue;
            }
            std::string object;
            if (int status = compile(in, object)) return status;
            if (!object.empty()) linkInputs.push_back(object);
        }
        if (opts_.stage != Stage::Link) return 0;
        if (linkInputs.empty()) {
            std::fprintf(stderr, "zcc: no input files\n");
            return 1;
        }
        return link(linkInputs);
    }

  private:
    bool checkOutputCount() {
        size_t sources = 0;
        for (const Input& in : opts_.inputs)
            sources += in.lang != Lang::Linker;
        if (opts_.stage != Stage::Link && opts_.output && sources > 1) {
            std::fprintf(stderr, "zcc: cannot specify -o with -c, -S or -E with multiple files\n");
            return false;
        }
        if (opts_.inputs.empty()) {
            std::fprintf(stderr, "zcc: no input files\n");
            return false;
        }
        return true;
    }

    std::string outputFor(const Input& in, const std::string& ext) {
        if (opts_.output) return *opts_.output;
        return replaceExtension(in.path == "-" ? "stdin" : in.path, ext);
    }

    std::vector<std::string> clangCommand(const std::vector<std::string>& mode, const Input& in,
                                          const std::string& langFlag, const std::string& out,
                                          const std::string& finalOutput) {
        std::vector<std::string> cmd{tools_.clang};
        for (auto& f : defaultFlags(tools_))
            cmd.push_back(f);
        for (auto& f : opts_.compileFlags)
            cmd.push_back(f);
        for (auto& f : kRequiredFlags)
            cmd.push_back(f);
        // Dependency files name the final output, not zcc's temporary assembly file.
        if (opts_.depFile && !opts_.depTargetNamed) cmd.insert(cmd.end(), {"-MT", finalOutput});
        if (opts_.depFile && !opts_.depFileNamed)
            cmd.insert(cmd.end(), {"-MF", fs::path(finalOutput).replace_extension(".d").string()});
        cmd.insert(cmd.end(), mode.begin(), mode.end());
        if (!langFlag.empty()) cmd.insert(cmd.end(), {"-x", langFlag});
        cmd.push_back(in.path);
        if (!out.empty()) cmd.insert(cmd.end(), {"-o", out});
        return cmd;
    }

    // Compiles one source input up to the requested stage; `object` receives the object file to
    // link (empty when not linking).
    int compile(const Input& in, std::string& object) {
        const bool link = opts_.stage == Stage::Link;
        const std::string finalOut =
            link ? temp_.file(replaceExtension(in.path, ".o")) : outputFor(in, ".o");

        if (opts_.stage == Stage::Preprocess) {
            std::string out = opts_.output ? *opts_.output : "";
            const char* lang = in.lang == Lang::C ? "c" : "assembler-with-cpp";
            if (in.lang == Lang::Asm) lang = "assembler-with-cpp";
            int status = zvm::zcc::run(clangCommand({"-E"}, in, lang, out, out), opts_.verbose);
            return status ? fail("clang-19 -E", status, in.path) : 0;
        }

        std::string assembly;
        if (in.lang == Lang::C) {
            if (opts_.stage == Stage::Assembly) {
                int status = zvm::zcc::run(
                    clangCommand({"-S"}, in, "c", outputFor(in, ".s"), outputFor(in, ".s")),
                    opts_.verbose);
                return status ? fail("clang-19 -S", status, in.path) : 0;
            }
            assembly = temp_.file(replaceExtension(in.path, ".s"));
            int status =
                zvm::zcc::run(clangCommand({"-S"}, in, "c", assembly, finalOut), opts_.verbose);
            if (status) return fail("clang-19", status, in.path);
        } else if (in.lang == Lang::AsmCpp) {
            assembly = opts_.stage == Stage::Assembly ? outputFor(in, ".s")
                                                      : temp_.file(replaceExtension(in.path, ".s"));
            int status = zvm::zcc::run(
                clangCommand({"-E"}, in, "assembler-with-cpp", assembly, finalOut), opts_.verbose);
            if (status) return fail("clang-19 -E", status, in.path);
            if (opts_.stage == Stage::Assembly) return 0;
        } else {                                          // Lang::Asm
            if (opts_.stage == Stage::Assembly) return 0; // nothing to do, as cc
            assembly = in.path;
        }

        int status = zvm::zcc::run({tools_.as, "-o", finalOut, assembly}, opts_.verbose);
        if (status) {
            if (assembly != in.path) temp_.keep();
            return fail("zvm-as", status,
                        assembly == in.path ? in.path
                                            : in.path + " (assembly kept in " + assembly + ")");
        }
        if (link) object = finalOut;
        return 0;
    }

    int link(const std::vector<std::string>& inputs) {
        const std::string lib = tools_.sysroot + "/lib";
        std::vector<std::string> cmd{tools_.lld,
                                     "-static",
                                     "-nostdlib",
                                     "--no-dynamic-linker",
                                     "-z",
                                     "noexecstack",
                                     "-z",
                                     "max-page-size=4096",
                                     "--build-id=none",
                                     "-T",
                                     lib + "/zvm.ld",
                                     "-o",
                                     opts_.output ? *opts_.output : "a.out"};
        if (!opts_.noStartFiles) cmd.push_back(lib + "/crt1.o");
        for (auto& f : opts_.linkFlags)
            cmd.push_back(f);
        for (auto& in : inputs)
            cmd.push_back(in);
        cmd.push_back("-L" + lib);
        if (!opts_.noDefaultLibs) {
            cmd.push_back("-lc");
            cmd.push_back("-lzvmrt"); // compiler builtins (toolchain/builtins/builtins.h)
        }
        int status = zvm::zcc::run(cmd, opts_.verbose);
        return status ? fail("ld.lld-19", status, "") : 0;
    }

    const Options& opts_;
    const Tools& tools_;
    TempDir temp_;
};

int answerQuery(const std::string& query, const Tools& tools) {
    if (query == "--help") {
        std::fputs(kHelp, stdout);
    } else if (query == "--version") {
        std::printf("zcc (zvm toolchain) 0.1, target %s in the zvm sandbox\n", kTriple);
        std::fflush(stdout);
        return zvm::zcc::run({tools.clang, "--version"}, false);
    } else if (query == "-dumpmachine") {
        std::printf("%s\n", kTriple);
    } else if (query == "-dumpversion") {
        std::printf("19\n");
    } else if (query == "-print-search-dirs") {
        std::printf("libraries: =%s/lib\n", tools.sysroot.c_str());
    } else {
        std::fprintf(stderr, "zcc: %s is not supported\n", query.c_str());
        return 1;
    }
    return 0;
}

} // namespace
} // namespace zvm::zcc

int main(int argc, char** argv) {
    using namespace zvm::zcc;
    Options opts;
    if (auto error = parseOptions(argc, argv, opts)) {
        std::fprintf(stderr, "zcc: %s\n", error->c_str());
        return 1;
    }
    Tools tools;
    if (opts.query) return answerQuery(*opts.query, tools);
    Driver driver(opts, tools);
    return driver.run();
}
