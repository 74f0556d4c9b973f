#include "options.h"

#include <string_view>

namespace zvm::zcc {
namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Options that take a value, either joined (-Ifoo) or as the next argument (-I foo), and go to
// the compiler (preprocessor) unchanged.
constexpr std::string_view kCompileWithValue[] = {"-I",       "-D",       "-U",      "-include",
                                                  "-imacros", "-isystem", "-iquote", "-idirafter",
                                                  "-MF",      "-MT",      "-MQ"};

// Splits "a,b,c" (the argument of -Wl,).
std::vector<std::string> splitCommas(std::string_view s) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t comma = s.find(',', start);
        parts.emplace_back(s.substr(start, comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return parts;
}

} // namespace

Lang langFromPath(const std::string& path) {
    if (endsWith(path, ".c") || endsWith(path, ".i")) return Lang::C;
    if (endsWith(path, ".s")) return Lang::Asm;
    if (endsWith(path, ".S") || endsWith(path, ".sx")) return Lang::AsmCpp;
    return Lang::Linker;
}

std::optional<std::string> parseOptions(int argc, char** argv, Options& opts) {
    std::optional<Lang> forcedLang; // -x
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&](std::string_view opt) -> std::optional<std::string> {
            if (arg.size() > opt.size()) return arg.substr(opt.size());
            if (i + 1 < argc) return std::string(argv[++i]);
            return std::nullopt;
        };

        if (arg == "-" || arg.empty() || arg[0] != '-') {
            Input in{arg, forcedLang ? *forcedLang : langFromPath(arg), false};
            if (arg == "-" && !forcedLang) in.lang = Lang::C;
            opts.inputs.push_back(in);
        } else if (arg == "-c") {
            opts.stage = Stage::Object;
        } else if (arg == "-S") {
            if (opts.stage != Stage::Preprocess) opts.stage = Stage::Assembly;
        } else if (arg == "-E" || arg == "-M" || arg == "-MM") {
            opts.stage = Stage::Preprocess;
            if (arg != "-E") opts.compileFlags.push_back(arg);
        } else if (startsWith(arg, "-o")) {
            auto v = value("-o");
            if (!v) return "missing file name after -o";
            opts.output = *v;
        } else if (startsWith(arg, "-x")) {
            auto v = value("-x");
            if (!v) return "missing language after -x";
            if (*v == "c")
                forcedLang = Lang::C;
            else if (*v == "assembler")
                forcedLang = Lang::Asm;
            else if (*v == "assembler-with-cpp")
                forcedLang = Lang::AsmCpp;
            else if (*v == "none")
                forcedLang.reset();
            else
                return "language '" + *v +
                       "' is not supported (only c, assembler, "
                       "assembler-with-cpp)";
        } else if (startsWith(arg, "-l")) {
            auto v = value("-l");
            if (!v) return "missing library name after -l";
            opts.inputs.push_back({"-l" + *v, Lang::Linker, true});
        } else if (startsWith(arg, "-L")) {
            auto v = value("-L");
            if (!v) return "missing directory after -L";
            opts.linkFlags.push_back("-L" + *v);
        } else if (startsWith(arg, "-Wl,")) {
            for (auto& part : splitCommas(std::string_view(arg).substr(4)))
                opts.linkFlags.push_back(part);
        } else if (arg == "-Xlinker") {
            if (i + 1 >= argc) return "missing argument after -Xlinker";
            opts.linkFlags.push_back(argv[++i]);
        } else if (startsWith(arg, "-Wa,") || arg == "-Xassembler") {
            return "assembler options (" + arg + ") are not supported: zvm-as takes none";
        } else if (arg == "-shared" || arg == "-static-pie" || arg == "-pie" ||
                   arg == "-rdynamic") {
            return arg + " is not supported: a nexe is a static executable";
        } else if (arg == "-static" || arg == "-pipe" || arg == "-pthread" || arg == "-no-pie" ||
                   arg == "-s") {
            // Always static, always fine: accepted for compatibility with Makefiles.
        } else if (arg == "-nostdlib") {
            opts.noStartFiles = opts.noDefaultLibs = true;
        } else if (arg == "-nostartfiles") {
            opts.noStartFiles = true;
        } else if (arg == "-nodefaultlibs") {
            opts.noDefaultLibs = true;
        } else if (arg == "-v") {
            opts.verbose = true;
        } else if (arg == "-save-temps") {
            opts.saveTemps = true;
        } else if (arg == "--version" || arg == "--help" || arg == "-dumpmachine" ||
                   arg == "-dumpversion" || arg == "-print-search-dirs" ||
                   startsWith(arg, "-print-")) {
            opts.query = arg;
        } else if (startsWith(arg, "--target") || startsWith(arg, "-target")) {
            return "the target is fixed (x86_64 zvm sandbox): " + arg + " is not supported";
        } else {
            bool takesValue = false;
            for (std::string_view opt : kCompileWithValue) {
                if (arg == opt) takesValue = true;
            }
            if (arg == "-MD" || arg == "-MMD") opts.depFile = true;
            if (startsWith(arg, "-MF")) opts.depFileNamed = true;
            if (startsWith(arg, "-MT") || startsWith(arg, "-MQ")) opts.depTargetNamed = true;
            // Everything else (-I -D -U -O -g -std= -W -f -m -M* -pedantic -w ...) is a compiler
            // option; clang reports the ones it does not know.
            opts.compileFlags.push_back(arg);
            if (takesValue) {
                if (i + 1 >= argc) return "missing argument after " + arg;
                opts.compileFlags.push_back(argv[++i]);
            }
        }
    }
    return std::nullopt;
}

} // namespace zvm::zcc
