#include "runtime/serve/serve_cli.h"

#include <string>

namespace zvm::runtime::serve {

ServeCli::ServeCli(CLI::App& app) {
    serve_cmd_ = app.add_subcommand("serve", "Run one fresh instance per request (docs/serve.md)");
    serve_cmd_
        ->add_option("--app", serve_.apps,
                     "NAME=PATH.zapp[,snapshot][,cgi]: an app to serve (repeatable); "
                     "snapshot: the zapp calls zvm_snapshot after its start-up; cgi: over "
                     "HTTP its stdout is a CGI response")
        ->required()
        ->allow_extra_args(false);
    serve_cmd_->add_option("--zmq", serve_.zmq,
                           "ZeroMQ endpoint to bind, e.g. tcp://127.0.0.1:5555");
    serve_cmd_->add_option("--http", serve_.http, "ADDR:PORT to listen on for HTTP");
    serve_cmd_->add_option("--workers", serve_.workers, "worker processes per app")
        ->default_val(2)
        ->check(CLI::Range(1, 256));
    serve_cmd_->add_option("--queue", serve_.queue, "requests waiting per app before 'busy'")
        ->default_val(64);
    serve_cmd_->add_option("--timeout", serve_.timeout, "per request, seconds")
        ->default_val(30)
        ->check(CLI::PositiveNumber);
    serve_cmd_
        ->add_option("--handshake-timeout", serve_.handshake_timeout,
                     "seconds a ZeroMQ connection has to finish its greeting and handshake")
        ->default_val(30)
        ->check(CLI::Range(0.001, 86400.0));
    serve_cmd_->add_option("--memory", serve_.memory, "memory limit per instance (K, M, G)")
        ->transform(CLI::AsSizeValue(false));
    serve_cmd_
        ->add_option("--max-output", serve_.max_output, "stdout + stderr per request (K, M, G)")
        ->transform(CLI::AsSizeValue(false));

    call_cmd_ = app.add_subcommand("call", "Send one request to zvm serve and print its reply");
    call_cmd_->add_option("app", call_.app, "the app to run")->required();
    call_cmd_->add_option("--zmq", call_.zmq, "the server's ZeroMQ endpoint");
    call_cmd_->add_option("--http", call_.http, "the server's ADDR:PORT");
    call_cmd_->add_option("--env", call_.env, "NAME=VALUE for the instance (repeatable; --zmq)")
        ->allow_extra_args(false);
    call_cmd_->add_flag("--no-stdin", call_.no_stdin, "send an empty stdin");
    call_cmd_->add_flag("--report", call_.report, "print the JSON report to stderr");
    call_cmd_->add_option("--wait", call_.timeout, "seconds to wait for the reply")
        ->default_val(60);

    worker_cmd_ = app.add_subcommand("worker", "");
    worker_cmd_->group(""); // internal: started by zvm serve
    worker_cmd_->add_option("zapp", worker_.zapp)->required();
    worker_cmd_->add_option("--name", worker_.name)->required();
    worker_cmd_->add_option("--fd", worker_.fd)->required();
    worker_cmd_->add_option("--held-state-fd", worker_.held_state_fd)->required();
    worker_cmd_->add_flag("--snapshot", worker_.snapshot_call);
    worker_cmd_->add_option("--timeout", worker_.timeout);
    worker_cmd_->add_option("--memory", worker_.memory);
    worker_cmd_->add_option("--max-output", worker_.max_output);
}

std::vector<std::string> ServeCli::take_call_args(int* argc, char** argv) {
    std::vector<std::string> args;
    if (*argc < 2 || std::string(argv[1]) != "call") return args;
    for (int i = 2; i < *argc; ++i) {
        if (std::string(argv[i]) != "--") continue;
        args.assign(argv + i + 1, argv + *argc);
        *argc = i;
        break;
    }
    return args;
}

std::optional<int> ServeCli::run(const std::vector<std::string>& call_args) {
    if (serve_cmd_->parsed()) return serve_command(serve_);
    if (call_cmd_->parsed()) {
        call_.args = call_args;
        return call_command(call_);
    }
    if (worker_cmd_->parsed()) return worker_main(worker_);
    return std::nullopt;
}

} // namespace zvm::runtime::serve
