// zvm-full's network channels (runtime/channels/network_channel.h): ZeroMQ
// (runtime/channels/zmq_channel.h).
#include "runtime/channels/network_channel.h"

#include "runtime/channels/zmq_channel.h"

namespace zvm::runtime {

bool prepare_network_channels(std::string*) {
    return true;
}

std::unique_ptr<Channel> open_network_channel(const ChannelSpec& spec, double session_timeout,
                                              std::string* error) {
    return ZmqChannel::open(spec, session_timeout, error);
}

} // namespace zvm::runtime
