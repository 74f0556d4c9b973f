#include "runtime/run_setup.h"

#include "runtime/channels/network_channel.h"
#include "runtime/exit_status.h"
#include "runtime/manifest.h"
#include "runtime/zapp.h"

#include <algorithm>
#include <cstdio>

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

} // namespace

int prepare_run(const RunOptions& options, PreparedRun* out) {
    std::string error;

    // 1. The manifest given with --manifest.
    Manifest manifest;
    if (!options.manifest.empty()) {
        const auto file = MappedFile::open(options.manifest, &error);
        if (!file)
            return fail(exit_status::kNotFound,
                        "cannot read manifest " + options.manifest + ": " + error);
        const auto bytes = file->bytes();
        // The manifest's bytes are its text.
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
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
    // A private copy: its bytes are hashed, validated and loaded (MappedFile::open).
    out->program_file = MappedFile::open(out->program, &error, /*private_copy=*/true);
    if (!out->program_file)
        return fail(exit_status::kNotFound, "cannot read " + out->program + ": " + error);
    out->nexe = out->program_file->bytes();
    Zapp zapp;
    const bool is_zapp = looks_like_tar(out->nexe);
    if (is_zapp) {
        if (!read_zapp(out->program_file->bytes(), &zapp, &error))
            return fail(exit_status::kCannotRun, out->program + ": bad zapp: " + error);
        out->nexe = zapp.nexe;
    }

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
        out->image_file = MappedFile::open(image_path, &error);
        if (!out->image_file)
            return fail(exit_status::kNotFound, "cannot read image " + image_path + ": " + error);
        std::vector<image::TarEntry> entries;
        if (!image::read_tar(out->image_file->bytes(), &entries, &error) ||
            !out->fs->add_tar(entries, "", &error))
            return fail(exit_status::kCannotRun, image_path + ": bad image: " + error);
    } else if (is_zapp && !out->fs->add_tar(zapp.entries, kZappImage, &error)) {
        return fail(exit_status::kCannotRun, out->program + ": bad zapp image: " + error);
    }

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

} // namespace zvm::runtime
