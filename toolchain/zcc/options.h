// zcc's command line: the usual `cc` options, parsed by hand the way cc does (options and inputs
// interleave, order of inputs and -l matters, unknown options are handed to the compiler).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace zvm::zcc {

enum class Stage { Preprocess, Assembly, Object, Link }; // -E, -S, -c, (none)
enum class Lang { C, Asm, AsmCpp, Linker };              // by extension or -x

struct Input {
    std::string path; // or "-l<name>" for a library, kept in command-line order
    Lang lang = Lang::C;
    bool isLibraryFlag = false;
};

struct Options {
    Stage stage = Stage::Link;
    std::optional<std::string> output;
    std::vector<Input> inputs;
    std::vector<std::string> compileFlags; // -I -D -U -O -g -std -W -f -m ... (clang, in order)
    std::vector<std::string> linkFlags;    // -L, -Wl, -Xlinker (ld.lld, in order)
    bool depFile = false;                  // -MD / -MMD given
    bool depFileNamed = false;             // -MF given
    bool depTargetNamed = false;           // -MT / -MQ given
    bool noStartFiles = false;             // -nostartfiles / -nostdlib
    bool noDefaultLibs = false;            // -nodefaultlibs / -nostdlib
    bool verbose = false;                  // -v: print the commands
    bool saveTemps = false;                // -save-temps: keep the temporary directory
    // Informational requests answered without compiling (--version, --help, -dumpmachine ...).
    std::optional<std::string> query;
};

// Parses argv. Returns an error message on a usage error.
std::optional<std::string> parseOptions(int argc, char** argv, Options& opts);

// The language of an input file from its extension (.c, .s, .S, else a linker input).
Lang langFromPath(const std::string& path);

} // namespace zvm::zcc
