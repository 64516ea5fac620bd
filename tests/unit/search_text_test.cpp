// The normaliser behind search (src/search/text.hpp): what counts as a word and which token it
// becomes. The database tests check that both engines then agree on the results.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "search/text.hpp"

namespace microblog {
namespace {

using search::token;
using search::tokens;
using search::words;
using Words = std::vector<std::string>;

TEST(SearchText, CaseAndAccentsAreIgnored) {
  EXPECT_EQ(words("Café CAFE café cafe\xCC\x81"), (Words{"cafe", "cafe", "cafe", "cafe"}));
  EXPECT_EQ(words("ÉCOLE école Ecole"), (Words{"ecole", "ecole", "ecole"}));
  EXPECT_EQ(words("Mañana NIÑO Ångström"), (Words{"manana", "nino", "angstrom"}));
  // Full case folding: ß is ss, so both spellings are one word.
  EXPECT_EQ(words("Straße STRASSE"), (Words{"strasse", "strasse"}));
  EXPECT_EQ(tokens("Café café CAFE"), (Words{"xacafe"}));
}

TEST(SearchText, PunctuationSeparatesWords) {
  EXPECT_EQ(words("it's"), (Words{"it", "s"}));
  EXPECT_EQ(words("c++"), (Words{"c"}));
  EXPECT_EQ(words("C++ and c#, \"quoted\" (x) e-mail x_y"),
            (Words{"c", "and", "c", "quoted", "x", "e", "mail", "x", "y"}));
  EXPECT_EQ(words("AND OR NOT"), (Words{"and", "or", "not"}));
  EXPECT_EQ(words("3.14 v2 2026"), (Words{"3", "14", "v2", "2026"}));
  EXPECT_EQ(words("tab\there\nnewline"), (Words{"tab", "here", "newline"}));
}

TEST(SearchText, NothingButPunctuationHasNoWords) {
  EXPECT_TRUE(words("").empty());
  EXPECT_TRUE(words("***").empty());
  EXPECT_TRUE(words("\"\" '' -- ++ ** () [] {} <> ; : ! ?").empty());
  std::string punctuation;
  const std::string marks = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";
  while (punctuation.size() < 1000) {
    punctuation += marks[punctuation.size() % marks.size()];
  }
  ASSERT_EQ(punctuation.size(), 1000U);
  EXPECT_TRUE(words(punctuation).empty());
  EXPECT_TRUE(tokens(punctuation).empty());
  EXPECT_EQ(search::index_text(punctuation), "");
}

TEST(SearchText, OtherScriptsAreWordsToo) {
  EXPECT_EQ(words("Привет, МИР!"), (Words{"привет", "мир"}));
  EXPECT_EQ(words("Ελληνικά ΛΌΓΟΣ"), (Words{"ελληνικα", "λογοσ"}));
  // No letters between ideographs are separators: a run of them is one word.
  EXPECT_EQ(words("東京 タワー"), (Words{"東京", "タワー"}));
  EXPECT_EQ(token("東京"), "xue69db1e4baac");
  EXPECT_EQ(token("мир"), "xud0bcd0b8d180");
}

TEST(SearchText, EmojiAndSymbolsSeparateWords) {
  EXPECT_EQ(words("party🎉time 👍🏽 ok"), (Words{"party", "time", "ok"}));
  EXPECT_TRUE(words("🎉👍🏽❤️").empty());
}

TEST(SearchText, InvalidUtf8SeparatesWords) {
  EXPECT_EQ(words("ab\xFF"
                  "cd\xC3"),
            (Words{"ab", "cd"}));
}

TEST(SearchText, TokensAreAsciiWithAPrefixAndCapped) {
  EXPECT_EQ(token("a"), "xaa");
  EXPECT_EQ(token("w"), "xaw");  // not "www", an InnoDB stopword
  EXPECT_EQ(token("42"), "xa42");
  EXPECT_EQ(token("cafe"), "xacafe");
  const std::string long_word(300, 'q');
  EXPECT_EQ(token(long_word).size(), search::kMaxTokenLength);
  EXPECT_EQ(token(long_word), "xa" + std::string(search::kMaxTokenLength - 2, 'q'));
  // Two long words that differ only after the cap are one token: the same on both sides.
  EXPECT_EQ(token(long_word + "x"), token(long_word + "y"));
  std::string long_cyrillic;
  for (int i = 0; i < 100; ++i) {
    long_cyrillic += "ж";
  }
  EXPECT_EQ(token(long_cyrillic).size(), search::kMaxTokenLength);
  for (const auto& w : words("Café, it's c++ Привет 東京 ΛΌΓΟΣ 2026 " + long_word)) {
    const std::string t = token(w);
    EXPECT_GE(t.size(), 3U);
    EXPECT_LE(t.size(), search::kMaxTokenLength);
    EXPECT_THAT(t, ::testing::MatchesRegex("x[au][a-z0-9]+"));
  }
}

TEST(SearchText, IndexTextHoldsEachTokenOnce) {
  EXPECT_EQ(search::index_text("It's it, IT! c++"), "xait xas xac");
  EXPECT_EQ(tokens("b a b A"), (Words{"xab", "xaa"}));
}

}  // namespace
}  // namespace microblog
