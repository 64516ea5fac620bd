#include <gtest/gtest.h>

#include "services/view_types.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"
#include "util/time_format.hpp"
#include "web/views.hpp"

namespace microblog {
namespace {

TEST(Text, Utf8ValidationAndLength) {
  EXPECT_TRUE(util::is_valid_utf8("plain"));
  EXPECT_TRUE(util::is_valid_utf8("ñandú 👋"));
  EXPECT_FALSE(util::is_valid_utf8("\xC3"));          // truncated
  EXPECT_FALSE(util::is_valid_utf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(util::is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(util::is_valid_utf8("\xFF"));
  EXPECT_EQ(util::utf8_length("ñandú 👋"), 7U);
}

TEST(Text, TrimAndLower) {
  EXPECT_EQ(util::trim("  a b \r\n"), "a b");
  EXPECT_EQ(util::trim(" \t "), "");
  EXPECT_EQ(util::to_lower_ascii("SuSaN-ÑÁ"), "susan-ÑÁ");
  EXPECT_TRUE(util::has_control_chars(std::string("a\0b", 3)));
  EXPECT_FALSE(util::has_control_chars("line\nbreak\ttab"));
}

TEST(Text, JsonStringLiteral) {
  EXPECT_EQ(util::json_string_literal("plain"), "\"plain\"");
  EXPECT_EQ(util::json_string_literal("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  // Invalid UTF-8 becomes U+FFFD instead of reaching the log.
  EXPECT_EQ(util::json_string_literal("x\xff"), "\"x\xef\xbf\xbd\"");
}

TEST(TimeFormat, IsoAndReadable) {
  const util::Micros t = 1'795'798'640'387'390LL;  // 2026-11-27T16:57:20.387390Z
  EXPECT_EQ(util::iso8601_utc(t), "2026-11-27T16:57:20Z");
  EXPECT_EQ(util::iso8601_utc_micros(t), "2026-11-27T16:57:20.387390+00:00");
  EXPECT_EQ(util::readable_utc(t), "2026-11-27 16:57 UTC");
  EXPECT_EQ(util::rfc5322_date(t), "Fri, 27 Nov 2026 16:57:20 +0000");
}

TEST(TimeFormat, MicrosWithinAndAcrossSeconds) {
  // The part up to the second is reused within a second: each call must still be exact.
  const util::Micros t = 1'795'798'640'000'000LL;  // 2026-11-27T16:57:20Z
  EXPECT_EQ(util::iso8601_utc_micros(t + 7), "2026-11-27T16:57:20.000007+00:00");
  EXPECT_EQ(util::iso8601_utc_micros(t + 999'999), "2026-11-27T16:57:20.999999+00:00");
  EXPECT_EQ(util::iso8601_utc_micros(t + 1'000'000), "2026-11-27T16:57:21.000000+00:00");
  EXPECT_EQ(util::iso8601_utc_micros(t - 1), "2026-11-27T16:57:19.999999+00:00");
  EXPECT_EQ(util::iso8601_utc_micros(-1), "1969-12-31T23:59:59.999999+00:00");
  EXPECT_EQ(util::iso8601_utc_micros(0), "1970-01-01T00:00:00.000000+00:00");
}

TEST(Crypto, DigestsAndTokens) {
  util::init_crypto();
  EXPECT_EQ(util::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const auto a = util::random_token();
  const auto b = util::random_token();
  EXPECT_EQ(a.size(), 43U);
  EXPECT_NE(a, b);
  const util::TokenKey key("k");
  EXPECT_EQ(key.token("m"), util::TokenKey("k").token("m"));
  EXPECT_EQ(key.token("m").size(), 43U);
  EXPECT_NE(key.token("m"), key.token("m2"));
  EXPECT_NE(key.token("m"), util::TokenKey("k2").token("m"));
  EXPECT_TRUE(util::constant_time_equals("abc", "abc"));
  EXPECT_FALSE(util::constant_time_equals("abc", "abd"));
  EXPECT_FALSE(util::constant_time_equals("abc", "abcd"));
}

TEST(Avatar, GravatarUrlUsesTheSha256OfTheLowerCasedAddress) {
  // Computed apart from this code: printf %s john@example.com | sha256sum
  EXPECT_EQ(web::avatar_url(services::avatar_hash(" John@Example.com "), 128),
            "https://www.gravatar.com/avatar/"
            "855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4?d=identicon&s=128");
}

}  // namespace
}  // namespace microblog
