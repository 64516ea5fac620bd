#pragma once

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace microblog::testing {

// A real server on a fresh database of the backend named by the test parameter.
class HttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { start({}); }

  void start(const std::map<std::string, std::string>& overrides,
             std::shared_ptr<LogCapture> capture = nullptr) {
    server_.reset();
    if (!database_) {
      database_ = std::make_unique<TestDatabase>(GetParam());
    }
    auto env = test_environment(database_->url());
    for (const auto& [k, v] : overrides) {
      env[k] = v;
    }
    server_ = std::make_unique<TestServer>(test_config(env), std::move(capture));
  }

  HttpClient client() { return HttpClient(server_->port()); }
  TestServer& server() { return *server_; }
  TestDatabase& database() { return *database_; }

  // Registers through the web form; expects success.
  void register_user(const std::string& username, const std::string& email,
                     const std::string& password = "correct horse battery") {
    auto c = client();
    const auto res = c.submit("/auth/register", "/auth/register",
                              {{"username", username},
                               {"email", email},
                               {"password", password},
                               {"password2", password}});
    ASSERT_EQ(res.status, 302) << res.body;
    ASSERT_EQ(res.header("location"), "/auth/login");
  }

  // A client signed in as `username`.
  HttpClient signed_in(const std::string& username,
                       const std::string& password = "correct horse battery",
                       bool remember = false) {
    auto c = client();
    std::vector<std::pair<std::string, std::string>> fields = {{"username", username},
                                                               {"password", password}};
    if (remember) {
      fields.emplace_back("remember_me", "y");
    }
    const auto res = c.submit("/auth/login", "/auth/login", fields);
    EXPECT_EQ(res.status, 302) << res.body;
    return c;
  }

  // A client of the server on `port` (the other instance of a pair), signed in as `username`.
  static HttpClient signed_in_at(unsigned short port, const std::string& username,
                                 const std::string& password = "correct horse battery") {
    HttpClient c(port);
    const auto res =
        c.submit("/auth/login", "/auth/login", {{"username", username}, {"password", password}});
    EXPECT_EQ(res.status, 302) << res.body;
    return c;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<TestServer> server_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace microblog::testing
