#include <regex>
#include <set>

#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

// The OpenAPI document and the route table describe the same API: a route added without its
// description, or a description left behind by a removed route, fails here. (The answers
// themselves are checked against the document's schemas by tests/e2e/api_contract.test.mjs.)
class ApiDocumentTest : public ApiTest {};

TEST_P(ApiDocumentTest, TheDocumentDescribesEveryApiRouteAndNoOther) {
  const auto a = call("GET", "/api/openapi.json");
  ASSERT_EQ(a.status(), 200);
  ASSERT_TRUE(a.body.is_object()) << "the document is not JSON";
  EXPECT_EQ(a.body["openapi"], "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : a.body["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      documented.insert(method + " " + path);
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
    }
  }
  std::set<std::string> routed;
  for (const auto& r : server().app().routes().router().routes()) {
    const std::string pattern = r.pattern.text();
    if (pattern.rfind("/api/", 0) != 0 || pattern == "/api/openapi.json" ||
        pattern == "/api/docs") {
      continue;
    }
    std::string method(http::beast_http::to_string(r.method));
    for (auto& c : method) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    routed.insert(method + " " + std::regex_replace(pattern, std::regex("<([a-z_]+)>"), "{$1}"));
  }
  EXPECT_EQ(routed, documented);
}

TEST_P(ApiDocumentTest, TheDocsPageLoadsItsScriptsFromThisSite) {
  auto c = client();
  const auto res = c.get("/api/docs");
  ASSERT_EQ(res.status, 200);
  EXPECT_THAT(res.header("content-type"), HasSubstr("text/html"));
  EXPECT_THAT(res.body, HasSubstr("src=\"/static/vendor/swagger-ui/swagger-ui-bundle.js\""));
  EXPECT_THAT(res.body, HasSubstr("src=\"/static/js/api-docs.js\""));
  EXPECT_THAT(res.body, ::testing::Not(HasSubstr("<script>"))) << "the CSP allows no inline script";
  EXPECT_THAT(res.body, ::testing::Not(HasSubstr("https://")));
  for (const auto* asset : {"/static/vendor/swagger-ui/swagger-ui-bundle.js",
                            "/static/vendor/swagger-ui/swagger-ui.css", "/static/js/api-docs.js"}) {
    EXPECT_EQ(c.get(asset).status, 200) << asset;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiDocumentTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing
