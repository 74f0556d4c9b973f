// CGI responses (runtime/serve/cgi.h) and the X-Zvm-Stderr encoding.
#include "runtime/serve/cgi.h"
#include "runtime/serve/http_front.h"
#include "runtime/serve/request_header.h"

#include <cctype>
#include <cstring>
#include <gtest/gtest.h>

namespace zvm::runtime::serve {
namespace {

TEST(Cgi, HeadersStatusAndBody) {
    CgiResponse r;
    std::string error;
    ASSERT_TRUE(parse_cgi_response("Status: 404 Not Found\r\nContent-Type: text/html\r\n"
                                   "X-A:  b \r\n\r\n<p>gone</p>\n",
                                   &r, &error))
        << error;
    EXPECT_EQ(r.status, 404);
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Content-Type", "text/html"}));
    EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"X-A", "b"}));
    EXPECT_EQ(r.body, "<p>gone</p>\n");
    ASSERT_TRUE(parse_cgi_response("Content-Type: text/plain\n\n", &r, &error));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "");
}

TEST(Cgi, MalformedResponsesAreRefused) {
    CgiResponse r;
    std::string error;
    for (const char* bad :
         {"", "no header at all", "Content-Type: x\r\n", "not a header\n\nbody", ": empty name\n\n",
          "Status: abc\n\n", "Status: 99\n\n", "Status: 600 Big\n\n", "Bad Name: x\n\n"}) {
        EXPECT_FALSE(parse_cgi_response(bad, &r, &error)) << bad;
        EXPECT_FALSE(error.empty());
    }
}

TEST(PercentEncoding, RoundTripsAnyBytes) {
    std::string all;
    for (int c = 0; c < 256; ++c)
        all.push_back(static_cast<char>(c));
    const std::string encoded = percent_encode(all);
    for (const char c : encoded)
        EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("%-._~", c)) << c;
    EXPECT_EQ(percent_decode(encoded), all);
    EXPECT_EQ(percent_decode("50%"), "50%");
    EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

TEST(RequestHeader, TheDocumentedFieldsOnly) {
    ParsedHeader h;
    std::string error;
    ASSERT_TRUE(parse_request_header(R"({"app":"a","args":["x","y"],"env":{"K":"V"}})", &h, &error))
        << error;
    EXPECT_EQ(h.app, "a");
    EXPECT_EQ(h.args, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(h.env, (std::vector<std::string>{"K=V"}));
    for (const char* bad : {"", "[]", "{}", R"({"app":1})", R"({"app":"a","args":"x"})",
                            R"({"app":"a","args":[1]})", R"({"app":"a","env":{"K":1}})",
                            R"({"app":"a","env":{"A=B":"c"}})", R"({"app":"a","extra":1})"}) {
        ParsedHeader out;
        EXPECT_FALSE(parse_request_header(bad, &out, &error)) << bad;
    }
}

} // namespace
} // namespace zvm::runtime::serve
