// The static zvm's network channels (runtime/channels/network_channel.h): none; a run
// that names one goes to zvm-full.
#include "runtime/channels/network_channel.h"

#include "runtime/zvm_full_exec.h"

namespace zvm::runtime {

bool prepare_network_channels(std::string* error) {
    std::string why;
    exec_zvm_full(&why); // returns only when zvm-full cannot be started
    *error = "network channels need zvm-full: " + why;
    return false;
}

std::unique_ptr<Channel> open_network_channel(const ChannelSpec& spec, double, std::string* error) {
    *error = "channel '" + spec.uri + "': network channels need zvm-full";
    return nullptr;
}

} // namespace zvm::runtime
