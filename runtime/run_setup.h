// What `zvm run` gathers before the sandbox exists: the program (a nexe, or a zapp's),
// the manifest's and the command line's settings, the read-only image and the channels.
// Every input file is read once here and kept for the instance's life.
#pragma once

#include "runtime/channels/channel.h"
#include "runtime/image/image_fs.h"
#include "runtime/mapped_file.h"
#include "runtime/run_command.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace zvm::runtime {

struct PreparedRun {
    std::string program;           // the program's host path (nexe or zapp), for messages
    std::span<const uint8_t> nexe; // the nexe's bytes: nexe_file's, or inside archive
    double timeout = 0;
    uint64_t memory = 0;
    std::vector<std::string> envp;
    std::unique_ptr<image::ImageFs> fs;
    std::vector<std::unique_ptr<Channel>> channels;
    // The nexe's bytes (or, read from a pipe, the whole zapp's): a private copy, never a
    // mapping of the file (MappedFile::copy).
    std::unique_ptr<MappedFile> nexe_file;
    // A zapp file's mapping while its image is set up (then image_file, or released).
    std::unique_ptr<MappedFile> archive;
    // The mapping the image's files point into: the --image or Image tar, or the zapp's;
    // nullptr without one (no image, or a zapp read from a pipe into nexe_file).
    std::unique_ptr<MappedFile> image_file;
    std::string image_path; // and its host path (empty without one)
};

// Fills *out. On failure prints one message on stderr ("zvm: FILE:LINE: ..." or
// "zvm: FILE: bad image: tar offset N (entry 'x'): ...") and returns the exit status:
// kNotFound (a named file cannot be read or opened), kRuntimeError (bad manifest, channel
// or option), kCannotRun (malformed zapp or image). Returns 0 on success.
int prepare_run(const RunOptions& options, PreparedRun* out);

// Has the fault handlers watch `prepared`'s image mapping (faults.h, watch_file_mapping):
// an image file that shrinks while an instance reads it then ends that instance, not the
// runtime. Does nothing without an image file. Call before the instance starts.
void watch_image_file(const PreparedRun& prepared);

// The runtime error of an instance that read past the end of `prepared`'s image file after
// the file shrank (Fault::watched_file_shrank).
std::string image_shrank_error(const PreparedRun& prepared);

} // namespace zvm::runtime
