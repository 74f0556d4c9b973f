// Network channels (ZeroMQ tcp://, ipc://; is_network_uri() in channel_spec.h): a
// link-time hook (docs/design.md, "Two binaries"), one implementation per binary.
//   zvm-full links library zvm_net: the real channels.
//   zvm (static, no libzmq) links zvm_net_stub (network_channel_stub.cpp): a run that
//     names a network channel is handed to zvm-full (runtime/zvm_full_exec.h) before any
//     channel is opened.
#pragma once

#include "runtime/channels/channel.h"

#include <memory>
#include <string>

namespace zvm::runtime {

// Called once by `zvm run` (runtime/run_setup.cpp) before it opens any channel, when one
// of them is a network channel. zvm-full: returns true. The static zvm: executes zvm-full
// in place of this process and returns (false, with *error saying why) only when that is
// impossible.
bool prepare_network_channels(std::string* error);

// Opens the network channel of `spec` (is_network_uri(spec.uri) holds). `session_timeout`
// (seconds, 0: none) bounds a writer's wait at the end for its reader to take what was
// written (runtime/channels/zmq_channel.h). On failure returns nullptr with *error naming
// the channel ("channel 'tcp://...': ...").
std::unique_ptr<Channel> open_network_channel(const ChannelSpec& spec, double session_timeout,
                                              std::string* error);

} // namespace zvm::runtime
