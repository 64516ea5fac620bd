#include <gtest/gtest.h>

#include "i18n/languages.hpp"
#include "services/language_detection.hpp"
#include "services/pagination.hpp"
#include "services/post_validation.hpp"
#include "web/wording.hpp"

namespace microblog {
namespace {

using services::check_post_body;

// What the form shows for a checked post: the code's wording in English, "" when the post is
// accepted.
std::string message(const services::CheckedPost& checked) {
  static const i18n::Languages english({"en"}, "locale", "templates");
  return checked.error ? web::field_message(english.default_language(), "post", *checked.error)
                       : std::string();
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

TEST(PostValidation, RefusesEmptyAndWhitespaceOnly) {
  EXPECT_EQ(message(check_post_body("")), "Please write something.");
  EXPECT_EQ(message(check_post_body(" \r\n\t \n")), "Please write something.");
}

TEST(PostValidation, CountsCodePointsNotBytes) {
  const auto ok = check_post_body(repeat("ñ", 140));  // 280 bytes
  EXPECT_FALSE(ok.error) << message(ok);
  EXPECT_EQ(ok.body, repeat("ñ", 140));
  EXPECT_FALSE(check_post_body(repeat("👋", 140)).error);
  const auto long_one = check_post_body(repeat("ñ", 141));
  ASSERT_TRUE(long_one.error);
  EXPECT_EQ(long_one.error->problem, services::Problem::too_long);
  EXPECT_EQ(message(long_one), "Keep it to 140 characters or fewer (this has 141).");
  EXPECT_TRUE(check_post_body(repeat("x", 141)).error);
  EXPECT_FALSE(check_post_body(repeat("x", 140)).error);
}

TEST(PostValidation, TrimsAndCountsCrlfOnce) {
  // 69 + CRLF + 69 = 140 characters once CRLF is one line break.
  const std::string text = repeat("a", 69) + "\r\n" + repeat("b", 69);
  const auto r = check_post_body("  " + text + " \r\n");
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.body, repeat("a", 69) + "\n" + repeat("b", 69));
  EXPECT_TRUE(check_post_body(repeat("a", 70) + "\r\n" + repeat("b", 70)).error);
  EXPECT_EQ(check_post_body("one\rtwo").body, "one\ntwo");  // a lone CR too
}

TEST(PostValidation, RefusesInvalidUtf8AndControlCharacters) {
  const std::string bad = "This text contains characters that are not allowed.";
  EXPECT_EQ(message(check_post_body("caf\xC3")), bad);
  EXPECT_EQ(message(check_post_body("\xED\xA0\x80")), bad);
  EXPECT_EQ(message(check_post_body(std::string("a\0b", 3))), bad);
  EXPECT_EQ(message(check_post_body("bell\a")), bad);
  EXPECT_EQ(message(check_post_body("del\x7F")), bad);
  EXPECT_FALSE(check_post_body("tab\tand\nbreak").error);
}

TEST(LanguageDetection, EnglishSpanishAndUnsure) {
  EXPECT_EQ(services::detect_language("This is an English sentence about the weather today."),
            "en");
  EXPECT_EQ(services::detect_language(
                "Esta es una frase en español sobre el tiempo que hace hoy en la ciudad."),
            "es");
  EXPECT_EQ(services::detect_language("hi"), "");
  EXPECT_EQ(services::detect_language(""), "");
}

// Rows with ids; a fake list of ids 1..n served the way the repositories do.
struct Row {
  Id id;
};

std::vector<Row> serve(const std::vector<Id>& ids, const services::Slice& s) {
  std::vector<Row> out;
  if (s.older) {
    long long skipped = 0;
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      if (*it < s.cursor && skipped++ >= s.offset &&
          out.size() < static_cast<std::size_t>(s.limit)) {
        out.push_back({*it});
      }
    }
  } else {
    for (const auto id : ids) {
      if (id > s.cursor && out.size() < static_cast<std::size_t>(s.limit)) {
        out.insert(out.begin(), Row{id});
      }
    }
  }
  return out;
}

services::Page<Row> page_of(const std::vector<Id>& ids, services::PageRequest req,
                            int per_page = 3) {
  int calls = 0;
  auto page = services::paginate<Row>(req, per_page, [&](const services::Slice& s) {
    ++calls;
    return serve(ids, s);
  });
  EXPECT_EQ(calls, 1);  // one query per page
  return page;
}

std::vector<Id> ids_of(const services::Page<Row>& p) {
  std::vector<Id> out;
  for (const auto& r : p.rows) {
    out.push_back(r.id);
  }
  return out;
}

using Kind = services::PageRequest::Kind;

TEST(Pagination, KeysetLinksWalkBothWays) {
  const std::vector<Id> ids = {1, 2, 3, 4, 5, 6, 7};
  auto first = page_of(ids, {});
  EXPECT_EQ(ids_of(first), (std::vector<Id>{7, 6, 5}));
  EXPECT_FALSE(first.newer_after);
  ASSERT_EQ(first.older_before, 5);
  auto second = page_of(ids, {Kind::before, 5});
  EXPECT_EQ(ids_of(second), (std::vector<Id>{4, 3, 2}));
  EXPECT_EQ(second.newer_after, 4);
  EXPECT_EQ(second.older_before, 2);
  auto last = page_of(ids, {Kind::before, 2});
  EXPECT_EQ(ids_of(last), (std::vector<Id>{1}));
  EXPECT_FALSE(last.older_before);
  auto back = page_of(ids, {Kind::after, 4});
  EXPECT_EQ(ids_of(back), (std::vector<Id>{7, 6, 5}));
  EXPECT_FALSE(back.newer_after);
  EXPECT_EQ(back.older_before, 5);
  auto middle = page_of(ids, {Kind::after, 1});
  EXPECT_EQ(ids_of(middle), (std::vector<Id>{4, 3, 2}));
  EXPECT_EQ(middle.newer_after, 4);
}

TEST(Pagination, ExactlyOnePageHasNoOlderLink) {
  const auto p = page_of({1, 2, 3}, {});
  EXPECT_EQ(p.rows.size(), 3U);
  EXPECT_FALSE(p.older_before);
  EXPECT_FALSE(p.newer_after);
}

TEST(Pagination, PastTheEndIsEmptyWithAWayBack) {
  const std::vector<Id> ids = {1, 2, 3, 4};
  const auto numbered = page_of(ids, {Kind::number, 200});
  EXPECT_TRUE(numbered.rows.empty());
  EXPECT_FALSE(numbered.older_before);
  EXPECT_EQ(numbered.newer_after, 0);  // the oldest posts
  const auto keyset = page_of(ids, {Kind::before, 1});
  EXPECT_TRUE(keyset.rows.empty());
  EXPECT_EQ(keyset.newer_after, 0);
  const auto newest = page_of(ids, {Kind::after, 4});
  EXPECT_TRUE(newest.rows.empty());
  EXPECT_EQ(newest.older_before, 5);
}

TEST(Pagination, NumberedPagesEmitKeysetLinks) {
  const std::vector<Id> ids = {1, 2, 3, 4, 5, 6, 7};
  const auto p2 = page_of(ids, {Kind::number, 2});
  EXPECT_EQ(ids_of(p2), (std::vector<Id>{4, 3, 2}));
  EXPECT_EQ(p2.newer_after, 4);
  EXPECT_EQ(p2.older_before, 2);
  const auto p1 = page_of(ids, {Kind::number, 1});
  EXPECT_FALSE(p1.newer_after);
}

}  // namespace
}  // namespace microblog
