// The limits a request is held to that are not about bytes: form fields, connections, and the
// configuration that sets them.
#include <map>

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "http/message.hpp"
#include "http/server.hpp"
#include "support/config_env.hpp"

namespace microblog {
namespace {

using testing::load_config_from;

http::Request form_post(const std::string& body, std::size_t max_fields) {
  http::Request r;
  r.raw.method(http::Verb::post);
  r.raw.set(http::Field::content_type, "application/x-www-form-urlencoded; charset=utf-8");
  r.raw.body() = body;
  r.max_form_fields = max_fields;
  return r;
}

TEST(FormFields, PairsAreCountedWhetherValidOrNot) {
  EXPECT_EQ(http::count_urlencoded_pairs(""), 0U);
  EXPECT_EQ(http::count_urlencoded_pairs("a=1"), 1U);
  EXPECT_EQ(http::count_urlencoded_pairs("a=1&b=2&a=3"), 3U);
  EXPECT_EQ(http::count_urlencoded_pairs("&&a&&=&"), 2U);
  EXPECT_EQ(http::count_urlencoded_pairs("bad=%zz&x"), 2U);
}

TEST(FormFields, MoreThanTheLimitLeavesTheFormEmptyAndSaysSo) {
  const auto within = form_post("a=1&b=2&c=3", 3);
  EXPECT_FALSE(within.form_has_too_many_fields());
  EXPECT_EQ(within.form_field("c"), "3");
  const auto over = form_post("a=1&b=2&c=3&c=4", 3);
  EXPECT_TRUE(over.form_has_too_many_fields());
  EXPECT_TRUE(over.form().empty());
  EXPECT_EQ(over.form_field("a"), "");
  // Not a form: nothing to count.
  auto json = form_post("a&b&c&d", 3);
  json.raw.set(http::Field::content_type, "application/json");
  EXPECT_FALSE(json.form_has_too_many_fields());
}

TEST(RequestLimitsConfig, DefaultsAndOverrides) {
  const auto d = load_config_from({});
  EXPECT_EQ(d.max_form_fields, 100U);
  EXPECT_EQ(d.max_connections, 0U);
  const auto c = load_config_from({{"MAX_FORM_FIELDS", "20"}, {"MAX_CONNECTIONS", "500"}});
  EXPECT_EQ(c.max_form_fields, 20U);
  EXPECT_EQ(c.max_connections, 500U);
  const auto opt = http::server_options(c);
  EXPECT_EQ(opt.max_connections, 500U);
  EXPECT_EQ(opt.max_form_fields, 20U);
  EXPECT_THROW(load_config_from({{"MAX_CONNECTIONS", "0"}}), config::ConfigError);
  EXPECT_THROW(load_config_from({{"MAX_FORM_FIELDS", "0"}}), config::ConfigError);
  EXPECT_THROW(load_config_from({{"MAX_FORM_FIELDS", "many"}}), config::ConfigError);
}

TEST(RequestLimitsConfig, MaxConnectionsDefaultLeavesRoomForTheRestOfTheProcess) {
  const auto cfg = load_config_from({});
  const auto opt = http::server_options(cfg);
  const std::size_t limit = http::descriptor_limit();
  const std::size_t reserve = http::descriptor_reserve(cfg);
  ASSERT_GT(limit, reserve) << "this test needs a descriptor limit above " << reserve;
  EXPECT_EQ(opt.max_connections, limit - reserve);
}

}  // namespace
}  // namespace microblog
