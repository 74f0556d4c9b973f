// runtime/serve/held_state.h: the page a worker holding a connection shares with the server.
#include "runtime/serve/held_state.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

namespace zvm::runtime::serve {
namespace {

TEST(HeldState, WhatTheWorkerSetsTheServerReads) {
    std::string error;
    auto server = HeldState::create(&error);
    ASSERT_TRUE(server) << error;
    ASSERT_GE(server->fd(), 0);
    auto worker = HeldState::attach(::dup(server->fd()), &error);
    ASSERT_TRUE(worker) << error;
    EXPECT_EQ(worker->fd(), -1);
    server->close_fd(); // the mapping stays
    EXPECT_EQ(server->fd(), -1);

    HeldState::Reading r = server->read();
    EXPECT_TRUE(r.valid);
    EXPECT_FALSE(r.running);

    worker->set_running(WorkRequest::Reply::kZmtpDelimited, 123456789);
    r = server->read();
    EXPECT_TRUE(r.valid);
    EXPECT_TRUE(r.running);
    EXPECT_EQ(r.reply, WorkRequest::Reply::kZmtpDelimited);
    EXPECT_EQ(r.started_ns, 123456789u & ~3u); // to within 4 ns

    worker->set_running(WorkRequest::Reply::kZmtp, 1000);
    r = server->read();
    EXPECT_TRUE(r.running);
    EXPECT_EQ(r.reply, WorkRequest::Reply::kZmtp);
    EXPECT_EQ(r.started_ns, 1000u);

    worker->set_idle();
    r = server->read();
    EXPECT_TRUE(r.valid);
    EXPECT_FALSE(r.running);
}

// A value no worker sets (another reply mode: kServer or 3) reads as malformed.
TEST(HeldState, AValueNoWorkerSetsIsMalformed) {
    std::string error;
    auto server = HeldState::create(&error);
    ASSERT_TRUE(server) << error;
    void* page = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, server->fd(), 0);
    ASSERT_NE(page, MAP_FAILED);
    auto* word = static_cast<volatile uint64_t*>(page);
    for (const uint64_t bad : {uint64_t{1000}, uint64_t{1003}, uint64_t{3}}) {
        *word = bad;
        const HeldState::Reading r = server->read();
        EXPECT_FALSE(r.valid) << bad;
        EXPECT_FALSE(r.running) << bad;
    }
    *word = 1001;
    EXPECT_TRUE(server->read().valid);
    ::munmap(page, 4096);
}

TEST(HeldState, AttachRefusesADescriptorThatIsNotThePage) {
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    std::string error;
    EXPECT_FALSE(HeldState::attach(pipe_fds[0], &error)); // closes it
    EXPECT_NE(error.find("is not the server's page"), std::string::npos) << error;
    ::close(pipe_fds[1]);
    error.clear();
    EXPECT_FALSE(HeldState::attach(-1, &error));
    EXPECT_NE(error.find("descriptor -1"), std::string::npos) << error;
}

} // namespace
} // namespace zvm::runtime::serve
