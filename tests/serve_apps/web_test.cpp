// examples/web through `zvm serve --http` with `,cgi`: a fresh instance per request answers
// from the read-only SQLite database of its image (examples/web/items.sql).
#include "tests/serve_apps/serve_clients.h"
#include "tests/serve_apps/serve_process.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace {

using zvm::test::http_request;
using zvm::test::ServeProcess;

const std::string kZvm = std::string(ZVM_BIN_DIR) + "/zvm";

class Web : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        server_ = new ServeProcess(kZvm, {"--app", std::string("web=") + WEB_ZAPP + ",cgi"});
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    void SetUp() override { ASSERT_TRUE(server_->ok()) << server_->log(); }
    static int port() { return server_->http_port(); }
    static ServeProcess* server_;
};
ServeProcess* Web::server_ = nullptr;

TEST_F(Web, OneItemAsJson) {
    auto r = http_request(port(), "GET", "/run/web/items?id=3");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["content-type"], "application/json");
    EXPECT_EQ(r.body, "{\"id\":3,\"name\":\"Wood screws (box of 200)\",\"category\":\"hardware\","
                      "\"price\":\"5.75\",\"stock\":64}\n");
}

TEST_F(Web, QuotesAreEscapedInJson) {
    auto r = http_request(port(), "GET", "/run/web/items?id=6");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find(R"("name":"Sandpaper \"fine\" & \"extra fine\"")"), std::string::npos)
        << r.body;
}

TEST_F(Web, GeneratedRowsAndACategory) {
    auto hook = http_request(port(), "GET", "/run/web/items?id=40");
    ASSERT_EQ(hook.status, 200) << hook.body;
    EXPECT_NE(hook.body.find("\"name\":\"Hook, size 32\""), std::string::npos) << hook.body;
    EXPECT_NE(hook.body.find("\"price\":\"5.00\""), std::string::npos) << hook.body;
    auto tools = http_request(port(), "GET", "/run/web/items?category=tools");
    ASSERT_EQ(tools.status, 200) << tools.body;
    EXPECT_EQ(tools.body.substr(0, 9), "[{\"id\":5,") << tools.body;
    EXPECT_NE(tools.body.find("},{\"id\":8,"), std::string::npos) << tools.body;
    EXPECT_EQ(tools.body.find("\"id\":1,"), std::string::npos) << tools.body;
}

TEST_F(Web, AllItems) {
    auto r = http_request(port(), "GET", "/run/web/items");
    ASSERT_EQ(r.status, 200) << r.body;
    size_t items = 0;
    for (size_t p = 0; (p = r.body.find("{\"id\":", p)) != std::string::npos; ++p)
        ++items;
    EXPECT_EQ(items, 40u) << r.body;
}

TEST_F(Web, IndexPageIsHtmlWithEscapedNames) {
    auto r = http_request(port(), "GET", "/run/web/");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("<td>Chisel set &lt;3 pieces&gt;</td>"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<a href=\"items?id=8\">8</a>"), std::string::npos) << r.body;
}

TEST_F(Web, MissingItemIs404) {
    auto r = http_request(port(), "GET", "/run/web/items?id=99");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, "{\"error\":\"no item 99\"}\n");
}

TEST_F(Web, UnknownPageIs404) {
    auto r = http_request(port(), "GET", "/run/web/nothing/here");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, "no page /nothing/here\n");
}

TEST_F(Web, BadIdIs400AndPostIs405) {
    EXPECT_EQ(http_request(port(), "GET", "/run/web/items?id=3x").status, 400);
    auto post = http_request(port(), "POST", "/run/web/items", "id=1");
    EXPECT_EQ(post.status, 405) << post.body;
    EXPECT_EQ(post.headers["allow"], "GET, HEAD");
}

TEST_F(Web, StopsCleanly) {
    // Last (tests run in order): SIGTERM ends the server with status 0.
    EXPECT_EQ(server_->stop(), 0) << server_->log();
}

} // namespace
