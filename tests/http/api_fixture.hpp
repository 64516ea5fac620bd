#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/http_fixture.hpp"
#include "support/openapi_check.hpp"
#include "util/base64.hpp"

namespace microblog::testing {

// A real server on a fresh database, driven through its REST API as a client program would.
class ApiTest : public HttpTest {
 protected:
  static constexpr const char* kPassword = "correct horse battery";

  struct Answer {
    HttpResult raw;
    nlohmann::json body;  // discarded when the body is not JSON (or empty)
    int status() const { return raw.status; }
    std::string header(const std::string& name) const { return raw.header(name); }
  };

  // One request; `token` sent as a bearer token unless empty, `body` as JSON unless null. The
  // answer must be one the OpenAPI document describes.
  Answer call(const std::string& method, const std::string& target, const std::string& token = {},
              const nlohmann::json& body = nullptr, HttpClient::Headers headers = {}) {
    if (!token.empty()) {
      headers.emplace_back("Authorization", "Bearer " + token);
    }
    std::string text;
    if (!body.is_null()) {
      text = body.dump();
      headers.emplace_back("Content-Type", "application/json");
    }
    auto c = client();
    Answer a;
    a.raw = c.request(method, target, text, headers);
    a.body = nlohmann::json::parse(a.raw.body, nullptr, false);
    if (target.rfind("/api/openapi.json", 0) != 0) {
      EXPECT_EQ(OpenApiCheck::repository().check(method, target, a.status(),
                                                 a.raw.body.empty() ? nlohmann::json() : a.body),
                "");
    }
    return a;
  }

  static std::string basic(const std::string& username, const std::string& password) {
    return "Basic " + util::base64_encode(username + ":" + password);
  }

  // POST /api/users; expects 201 and answers the new user's id.
  long long create_user(const std::string& username, const std::string& email) {
    const auto a = call("POST", "/api/users", {},
                        {{"username", username}, {"email", email}, {"password", kPassword}});
    EXPECT_EQ(a.status(), 201) << a.raw.body;
    return a.body.is_object() ? a.body.value("id", 0LL) : 0;
  }

  // POST /api/tokens with Basic credentials; expects 200 and answers the token.
  std::string token_for(const std::string& username, const std::string& password = kPassword) {
    const auto a =
        call("POST", "/api/tokens", {}, nullptr, {{"Authorization", basic(username, password)}});
    EXPECT_EQ(a.status(), 200) << a.raw.body;
    return a.body.is_object() ? a.body.value("token", std::string()) : std::string();
  }

  // Checks the error shape: the status, its reason phrase as "error", JSON content.
  static void expect_error(const Answer& a, int status, const std::string& reason) {
    EXPECT_EQ(a.status(), status) << a.raw.body;
    EXPECT_NE(a.header("content-type").find("application/json"), std::string::npos);
    ASSERT_TRUE(a.body.is_object()) << a.raw.body;
    EXPECT_EQ(a.body.value("error", std::string()), reason) << a.raw.body;
  }
};

}  // namespace microblog::testing
