// zvm-as: the rewriting assembler. Parses AT&T (or Intel) x86-64 assembly with LLVM 19's X86
// asm parser and writes an ELF64 relocatable object in 32-byte bundle mode, with every
// instruction rewritten into the form the validator accepts (see streamer.h for the list).
//
//   zvm-as [-o OUT.o] IN.s        (IN may be `-` for standard input, then -o is required)
//
// Exit status 0 on success, 1 on assembly errors (each reported as file:line:col), 2 on usage
// errors. Nothing is written unless the whole input assembled without error.
#include "address_taken.h"
#include "classify.h"
#include "objcheck.h"
#include "streamer.h"

#include <llvm/MC/MCAsmBackend.h>
#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCCodeEmitter.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCObjectFileInfo.h>
#include <llvm/MC/MCObjectWriter.h>
#include <llvm/MC/MCParser/MCAsmParser.h>
#include <llvm/MC/MCParser/MCTargetAsmParser.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/ToolOutputFile.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include <string>

extern "C" void LLVMInitializeX86TargetInfo();
extern "C" void LLVMInitializeX86TargetMC();
extern "C" void LLVMInitializeX86AsmParser();

namespace {

constexpr const char* kUsage =
    "usage: zvm-as [-o OUT.o] [--measure] IN.s\n"
    "Assembles x86-64 assembly into a sandboxed ELF64 object (32-byte bundles, zvm rewrites).\n"
    "--measure: the same layout as host code that runs outside the sandbox (never valid in\n"
    "           it): 0x3E instead of 0x67, masks of -1 (bench/overhead/rewrite_cost.sh)\n";

struct Options {
    std::string input;
    std::string output;
    bool measure = false;
};

// Returns 0 to continue, or an exit status + 1.
int parseArgs(int argc, char** argv, Options& opts) {
    for (int i = 1; i < argc; ++i) {
        llvm::StringRef arg = argv[i];
        if (arg == "-o" && i + 1 < argc) {
            opts.output = argv[++i];
        } else if (arg.starts_with("-o") && arg.size() > 2) {
            opts.output = arg.drop_front(2).str();
        } else if (arg == "--measure") {
            opts.measure = true;
        } else if (arg == "--help" || arg == "-h") {
            llvm::outs() << kUsage;
            return 1;
        } else if (arg == "--version") {
            llvm::outs() << "zvm-as (zvm toolchain) based on LLVM " LLVM_VERSION_STRING "\n";
            return 1;
        } else if (arg != "-" && arg.starts_with("-")) {
            llvm::errs() << "zvm-as: unknown option '" << arg << "'\n" << kUsage;
            return 3;
        } else if (!opts.input.empty()) {
            llvm::errs() << "zvm-as: more than one input file\n";
            return 3;
        } else {
            opts.input = arg.str();
        }
    }
    if (opts.input.empty()) {
        llvm::errs() << "zvm-as: no input file\n" << kUsage;
        return 3;
    }
    if (opts.output.empty()) {
        if (opts.input == "-") {
            llvm::errs() << "zvm-as: -o is required when reading standard input\n";
            return 3;
        }
        llvm::StringRef base = llvm::StringRef(opts.input).rsplit('/').second;
        if (base.empty()) base = opts.input;
        opts.output = (base.rsplit('.').first + ".o").str();
    }
    return 0;
}

// What both passes share to build a parser.
struct Parts {
    const llvm::Target* target;
    const llvm::Triple& triple;
    const llvm::MCTargetOptions& mcOptions;
    const llvm::MCRegisterInfo& mri;
    const llvm::MCAsmInfo& mai;
    const llvm::MCInstrInfo& mii;
    const llvm::MCSubtargetInfo& sti;
};

// Object-file information for a context; it must outlive every use of the context.
std::unique_ptr<llvm::MCObjectFileInfo> setUpContext(const Parts& parts, llvm::MCContext& ctx) {
    std::unique_ptr<llvm::MCObjectFileInfo> mofi(
        parts.target->createMCObjectFileInfo(ctx, /*PIC=*/false));
    ctx.setObjectFileInfo(mofi.get());
    return mofi;
}

// Parses the whole input into `streamer` with a fresh parser. Returns false on a parse error
// (already reported).
bool parse(const Parts& parts, llvm::SourceMgr& sources, llvm::MCContext& ctx,
           llvm::MCStreamer& streamer) {
    // Each pass gets its own subtarget: `.arch`-like directives may change it.
    std::unique_ptr<llvm::MCSubtargetInfo> sti(parts.target->createMCSubtargetInfo(
        parts.triple.str(), parts.sti.getCPU(), parts.sti.getFeatureString()));
    std::unique_ptr<llvm::MCAsmParser> parser(
        llvm::createMCAsmParser(sources, ctx, streamer, parts.mai));
    std::unique_ptr<llvm::MCTargetAsmParser> targetParser(
        parts.target->createMCAsmParser(*sti, *parser, parts.mii, parts.mcOptions));
    if (!targetParser) {
        llvm::errs() << "zvm-as: no X86 assembly parser\n";
        return false;
    }
    parser->setTargetParser(*targetParser);
    return !parser->Run(/*NoInitialTextSection=*/false, /*NoFinalize=*/true);
}

} // namespace

int main(int argc, char** argv) {
    Options opts;
    if (int status = parseArgs(argc, argv, opts)) return status - 1;

    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmParser();

    const llvm::Triple triple("x86_64-unknown-linux-musl");
    std::string err;
    const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple.str(), err);
    if (!target) {
        llvm::errs() << "zvm-as: " << err << "\n";
        return 1;
    }

    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(opts.input, /*IsText=*/true);
    if (!buffer) {
        llvm::errs() << "zvm-as: cannot read " << opts.input << ": " << buffer.getError().message()
                     << "\n";
        return 1;
    }
    llvm::SourceMgr sources;
    sources.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());

    llvm::MCTargetOptions mcOptions;
    std::unique_ptr<llvm::MCRegisterInfo> mri(target->createMCRegInfo(triple.str()));
    std::unique_ptr<llvm::MCAsmInfo> mai(target->createMCAsmInfo(*mri, triple.str(), mcOptions));
    std::unique_ptr<llvm::MCInstrInfo> mii(target->createMCInstrInfo());
    // Generic x86-64: the instruction-set level is the compiler's business (-march); the
    // assembler accepts every instruction the parser knows and the validator decides.
    // Padding (bundle ends before calls, instructions that would cross a bundle, aligned labels)
    // is made of nops of up to 15 bytes (at most six 0x66 before `2E 0F 1F 84 00 disp32`), as
    // clang's generic tuning does, instead of the "x86-64" CPU's 10: fewer nops to execute.
    // SQLite's overhead workload (callgrind, docs/design.md): 1.0% fewer instructions.
    std::unique_ptr<llvm::MCSubtargetInfo> sti(
        target->createMCSubtargetInfo(triple.str(), "x86-64", "+fast-15bytenop"));

    zvm::as::Classifier classifier(*mii, *mri);
    const Parts parts{target, triple, mcOptions, *mri, *mai, *mii, *sti};

    // Pass 1: which code labels have their address taken (they are aligned in pass 2). Its
    // diagnostics are dropped: pass 2 parses the same text and reports them.
    llvm::DenseSet<const char*> addressTaken;
    {
        sources.setDiagHandler([](const llvm::SMDiagnostic&, void*) {});
        llvm::MCContext ctx(triple, mai.get(), mri.get(), sti.get(), &sources, &mcOptions);
        auto mofi = setUpContext(parts, ctx);
        zvm::as::AddressTakenCollector collector(ctx, *mii);
        if (parse(parts, sources, ctx, collector)) addressTaken = collector.definitions();
        sources.setDiagHandler(nullptr);
    }

    // Pass 2: rewrite and emit.
    llvm::MCContext ctx(triple, mai.get(), mri.get(), sti.get(), &sources, &mcOptions);
    auto mofi = setUpContext(parts, ctx);
    llvm::SmallVector<char, 0> object;
    llvm::raw_svector_ostream objectStream(object);
    auto backend =
        std::unique_ptr<llvm::MCAsmBackend>(target->createMCAsmBackend(*sti, *mri, mcOptions));
    auto writer = backend->createObjectWriter(objectStream);
    auto emitter = std::unique_ptr<llvm::MCCodeEmitter>(target->createMCCodeEmitter(*mii, ctx));
    zvm::as::SandboxStreamer streamer(ctx, std::move(backend), std::move(writer),
                                      std::move(emitter), classifier);
    streamer.setAddressTaken(std::move(addressTaken));
    if (opts.measure) streamer.setMeasureNatively();
    streamer.enableBundling();
    bool ok = parse(parts, sources, ctx, streamer);
    if (ok && !ctx.hadError()) {
        streamer.checkNothingPending();
        if (!ctx.hadError()) streamer.finish();
    }
    if (!ok || ctx.hadError()) return 1;

    llvm::StringRef bytes(object.data(), object.size());
    if (!zvm::as::checkObject(bytes, opts.input, llvm::errs())) return 1;

    std::error_code ec;
    llvm::ToolOutputFile out(opts.output, ec, llvm::sys::fs::OF_None);
    if (ec) {
        llvm::errs() << "zvm-as: cannot write " << opts.output << ": " << ec.message() << "\n";
        return 1;
    }
    out.os() << bytes;
    out.os().flush();
    if (out.os().has_error()) {
        llvm::errs() << "zvm-as: error writing " << opts.output << "\n";
        out.os().clear_error();
        return 1;
    }
    out.keep();
    return 0;
}
