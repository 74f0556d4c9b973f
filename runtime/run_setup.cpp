#include "runtime/run_setup.h"

#include "runtime/channels/network_channel.h"
#include "runtime/exit_status.h"
#include "runtime/faults.h"
#include "runtime/file_read.h"
#include "runtime/manifest.h"
#include "runtime/zapp.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "zvm: %s\n", message.c_str());
    return status;
}

// Sets NAME=VALUE in envp, replacing an earlier value of NAME.
void set_env(std::vector<std::string>& envp, const std::string& entry) {
    const std::string name = entry.substr(0, entry.find('='));
    for (auto& e : envp) {
        if (e.substr(0, e.find('=')) == name) {
            e = entry;
            return;
        }
    }
    envp.push_back(entry);
}

// A path from a manifest is relative to the manifest's directory.
std::string beside(const std::string& manifest_path, const std::string& path) {
    if (path.empty() || path[0] == '/') return path;
    const size_t slash = manifest_path.rfind('/');
    return slash == std::string::npos ? path : manifest_path.substr(0, slash + 1) + path;
}

// A file opened for reading, closed when this goes out of scope.
struct OpenFile {
    explicit OpenFile(const std::string& path)
        : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)),
          error(fd < 0 ? std::strerror(errno) : "") {}
    ~OpenFile() {
        if (fd >= 0) ::close(fd);
    }
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    // True when the file is open; else sets *why to the reason open failed.
    bool opened(std::string* why) const {
        if (fd < 0) *why = error;
        return fd >= 0;
    }
    const int fd;
    const std::string error; // why open failed ("" when it did not)
};

// Reads out->program, a nexe or a zapp, into out->nexe_file, out->nexe and, for a zapp,
// *zapp. What is hashed, validated and loaded is a private copy of the nexe's bytes: read
// with MappedFile::copy from a regular file, or, from a pipe, the whole input read into
// memory (a zapp's image then points into it too). A regular zapp file is also mapped
// (out->archive): its image's files are served from the mapping, its headers and manifest
// are read from the file itself (image::read_tar). Returns 0 or the exit status, having
// printed the message.
int read_program(PreparedRun* out, Zapp* zapp, bool* is_zapp) {
    const std::string& path = out->program;
    std::string error;
    const OpenFile file(path);
    struct stat st {};
    if (file.fd < 0 || fstat(file.fd, &st) != 0)
        return fail(exit_status::kNotFound, "cannot read " + path + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
        // A pipe or a device: read to its end, into memory that is the program's own copy.
        out->nexe_file = MappedFile::from_fd(file.fd, &error);
        if (!out->nexe_file)
            return fail(exit_status::kNotFound, "cannot read " + path + ": " + error);
        out->nexe = out->nexe_file->bytes();
        *is_zapp = looks_like_tar(out->nexe);
        if (*is_zapp && !read_zapp(out->nexe, zapp, &error))
            return fail(exit_status::kCannotRun, path + ": bad zapp: " + error);
        if (*is_zapp) out->nexe = zapp->nexe;
        return 0;
    }
    uint8_t head[image::kTarBlock];
    const auto size = static_cast<size_t>(st.st_size);
    if (!pread_exactly(file.fd, 0, head, std::min(size, sizeof head), &error))
        return fail(exit_status::kNotFound, "cannot read " + path + ": " + error);
    *is_zapp = looks_like_tar({head, std::min(size, sizeof head)});
    uint64_t nexe_offset = 0;
    size_t nexe_size = size;
    if (*is_zapp) {
        out->archive = MappedFile::from_fd(file.fd, &error);
        if (!out->archive)
            return fail(exit_status::kNotFound, "cannot read " + path + ": " + error);
        const auto archive = out->archive->bytes();
        const int fd = out->archive->maps_the_file() ? file.fd : -1;
        if (!read_zapp(archive, zapp, &error, fd))
            return fail(exit_status::kCannotRun, path + ": bad zapp: " + error);
        nexe_offset = static_cast<uint64_t>(zapp->nexe.data() - archive.data());
        nexe_size = zapp->nexe.size();
    }
    out->nexe_file = MappedFile::copy(file.fd, nexe_offset, nexe_size, &error);
    if (!out->nexe_file) return fail(exit_status::kNotFound, "cannot read " + path + ": " + error);
    out->nexe = out->nexe_file->bytes();
    return 0;
}

} // namespace

int prepare_run(const RunOptions& options, PreparedRun* out) {
    std::string error;

    // 1. The manifest given with --manifest.
    Manifest manifest;
    if (!options.manifest.empty()) {
        // Read, not mapped: a writer of the file cannot change it while it is parsed. One
        // byte over the limit is enough for parse_manifest to refuse it.
        const OpenFile file(options.manifest);
        std::string text;
        if (!file.opened(&error) || !read_up_to(file.fd, kMaxManifestSize + 1, &text, &error))
            return fail(exit_status::kNotFound,
                        "cannot read manifest " + options.manifest + ": " + error);
        if (!parse_manifest(text, &manifest, &error))
            return fail(exit_status::kRuntimeError, options.manifest + ":" + error);
    }

    // 2. The program: a nexe, or a zapp holding one.
    out->program = !options.program.empty() ? options.program
                   : manifest.program       ? beside(options.manifest, *manifest.program)
                                            : "";
    if (out->program.empty())
        return fail(exit_status::kRuntimeError,
                    "no program: give PROG.nexe or APP.zapp, or a manifest with Program");
    Zapp zapp;
    bool is_zapp = false;
    if (const int status = read_program(out, &zapp, &is_zapp)) return status;

    // 3. Settings: the command line, else the manifest, else the zapp's own manifest.
    const Manifest* inner = zapp.manifest ? &*zapp.manifest : nullptr;
    out->memory = options.memory;
    if (!options.memory_given) {
        if (manifest.memory)
            out->memory = *manifest.memory;
        else if (inner && inner->memory)
            out->memory = *inner->memory;
    }
    out->timeout = options.timeout;
    if (!options.timeout_given) {
        if (manifest.timeout)
            out->timeout = *manifest.timeout;
        else if (inner && inner->timeout)
            out->timeout = *inner->timeout;
    }
    if (inner) {
        for (const auto& e : inner->environment)
            set_env(out->envp, e);
    }
    for (const auto& e : manifest.environment)
        set_env(out->envp, e);
    for (const auto& e : options.env) {
        if (e.empty() || e.find('=') == std::string::npos || e[0] == '=' ||
            e.find('\0') != std::string::npos)
            return fail(exit_status::kRuntimeError, "--env '" + e + "' is not NAME=VALUE");
        set_env(out->envp, e);
    }

    // 4. The image: --image, else the manifest's Image, else the zapp's image/ folder.
    out->fs = std::make_unique<image::ImageFs>();
    const std::string image_path = !options.image.empty() ? options.image
                                   : manifest.image ? beside(options.manifest, *manifest.image)
                                                    : "";
    if (!image_path.empty()) {
        out->image_path = image_path;
        const OpenFile file(image_path);
        if (file.opened(&error)) out->image_file = MappedFile::from_fd(file.fd, &error);
        if (!out->image_file)
            return fail(exit_status::kNotFound, "cannot read image " + image_path + ": " + error);
        // The headers are read from the file, the files' data stay in the mapping.
        const int fd = out->image_file->maps_the_file() ? file.fd : -1;
        std::vector<image::TarEntry> entries;
        if (!image::read_tar(out->image_file->bytes(), &entries, &error, fd) ||
            !out->fs->add_tar(entries, "", &error))
            return fail(exit_status::kCannotRun, image_path + ": bad image: " + error);
    } else if (is_zapp) {
        if (!out->fs->add_tar(zapp.entries, kZappImage, &error))
            return fail(exit_status::kCannotRun, out->program + ": bad zapp image: " + error);
        out->image_file = std::move(out->archive); // the image's files are in the archive
        out->image_path = out->program;
    }
    out->archive.reset(); // with --image or Image, a zapp's archive is no longer needed

    // 5. The channels: the manifest's, then --channel (replacing one of the same alias).
    std::vector<ChannelSpec> specs = manifest.channels;
    for (auto& s : specs) {
        if (!is_network_uri(s.uri)) s.uri = beside(options.manifest, s.uri);
    }
    for (const auto& text : options.channels) {
        ChannelSpec spec;
        if (!parse_channel_spec(text, &spec, &error))
            return fail(exit_status::kRuntimeError, "--channel '" + text + "': " + error);
        std::erase_if(specs, [&](const ChannelSpec& s) { return s.alias == spec.alias; });
        specs.push_back(std::move(spec));
    }
    // The static zvm hands a run with a network channel to zvm-full before opening any.
    const auto network = std::find_if(specs.begin(), specs.end(),
                                      [](const ChannelSpec& s) { return is_network_uri(s.uri); });
    if (network != specs.end() && !prepare_network_channels(&error))
        return fail(exit_status::kRuntimeError, "channel '" + network->uri + "': " + error);
    for (const auto& spec : specs) {
        bool not_found = false;
        auto channel = Channel::open(spec, &error, &not_found, out->timeout);
        if (!channel)
            return fail(not_found ? exit_status::kNotFound : exit_status::kRuntimeError, error);
        out->channels.push_back(std::move(channel));
    }
    return 0;
}

void watch_image_file(const PreparedRun& prepared) {
    if (!prepared.image_file) return;
    const auto image = prepared.image_file->bytes();
    watch_file_mapping(image.data(), image.size());
}

std::string image_shrank_error(const PreparedRun& prepared) {
    return "the image " + prepared.image_path +
           " shrank while the program ran (a read past its new end)";
}

} // namespace zvm::runtime
