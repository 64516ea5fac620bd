#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>

#include "cli/translate.hpp"
#include "i18n/accept_language.hpp"
#include "i18n/languages.hpp"
#include "services/problem.hpp"
#include "web/wording.hpp"

namespace microblog {
namespace {

using i18n::best_language;

const std::vector<std::string> kOffered = {"en", "es"};

TEST(AcceptLanguage, RegionalTagsMatchTheirLanguageByWeight) {
  EXPECT_EQ(best_language("es-ES;q=0.9", kOffered), "es");
  EXPECT_EQ(best_language("es-ES,es;q=0.9,en;q=0.8", kOffered), "es");
  EXPECT_EQ(best_language("en-US,en;q=0.9,es;q=0.8", kOffered), "en");
  EXPECT_EQ(best_language("fr-FR, fr;q=0.9, es;q=0.5, en;q=0.4", kOffered), "es");
  EXPECT_EQ(best_language("en;q=0.5, es;q=0.501", kOffered), "es");
  EXPECT_EQ(best_language("ES-mx", kOffered), "es");
  EXPECT_EQ(best_language(" es ; q=1.0 ", kOffered), "es");
}

TEST(AcceptLanguage, TiesGoToTheEarlierEntry) {
  EXPECT_EQ(best_language("es, en", kOffered), "es");
  EXPECT_EQ(best_language("en;q=0.7, es;q=0.7", kOffered), "en");
}

TEST(AcceptLanguage, StarMeansAnyOfferedLanguageNotNamed) {
  EXPECT_EQ(best_language("*", kOffered), "en");
  EXPECT_EQ(best_language("fr, *;q=0.1", kOffered), "en");
  EXPECT_EQ(best_language("en;q=0, *", kOffered), "es");
  EXPECT_EQ(best_language("en;q=0.2, *;q=0.5", kOffered), "es");
}

TEST(AcceptLanguage, ZeroWeightRefusesAndNothingOfferedGivesNothing) {
  EXPECT_EQ(best_language("es;q=0", kOffered), "");
  EXPECT_EQ(best_language("fr, de;q=0.8", kOffered), "");
  EXPECT_EQ(best_language("", kOffered), "");
}

TEST(AcceptLanguage, MalformedEntriesAreSkippedNotFatal) {
  EXPECT_EQ(best_language("es;q=abc, en;q=0.1", kOffered), "en");
  EXPECT_EQ(best_language("es;q=1.5, en;q=0.1", kOffered), "en");
  EXPECT_EQ(best_language("es;q=0.1234, en;q=0.1", kOffered), "en");
  EXPECT_EQ(best_language("es;foo=bar, en;q=0.1", kOffered), "en");
  EXPECT_EQ(best_language("e$s, en;q=0.1", kOffered), "en");
  EXPECT_EQ(best_language(",,;;;=,q=,;q=", kOffered), "");
  EXPECT_EQ(best_language(std::string(10000, 'e') + ",es;q=0.3", kOffered), "es");
  EXPECT_EQ(best_language(std::string(5000, ','), kOffered), "");
  EXPECT_EQ(best_language("\x01\xff, es", kOffered), "es");
}

// The build tree's catalogs (tests run beside build/locale and build/templates).
const i18n::Languages& site_languages() {
  static const i18n::Languages languages({"en", "es"}, "locale", "templates");
  return languages;
}

TEST(Plurals, CountsTakeTheFormOfTheirNumberInEachLanguage) {
  const auto& en = site_languages().get("en");
  const auto& es = site_languages().get("es");
  EXPECT_EQ(en.tn("{n} post", "{n} posts", 0), "0 posts");
  EXPECT_EQ(en.tn("{n} post", "{n} posts", 1), "1 post");
  EXPECT_EQ(en.tn("{n} post", "{n} posts", 2), "2 posts");
  EXPECT_EQ(es.tn("{n} post", "{n} posts", 0), "0 publicaciones");
  EXPECT_EQ(es.tn("{n} post", "{n} posts", 1), "1 publicación");
  EXPECT_EQ(es.tn("{n} post", "{n} posts", 2), "2 publicaciones");
  EXPECT_EQ(es.tn("{n} follower", "{n} followers", 1), "1 seguidor");
  EXPECT_EQ(es.tn("{n} follower", "{n} followers", 21), "21 seguidores");
  EXPECT_EQ(en.tn("{n} following", "{n} following", 1), "1 following");
  EXPECT_EQ(es.tn("{n} following", "{n} following", 2), "2 seguidos");
  // Past an int: the form still follows n, and the whole number is shown.
  EXPECT_EQ(es.tn("{n} post", "{n} posts", 3000000001LL), "3000000001 publicaciones");
}

TEST(Wording, FieldProblemsAreWordedInTheReadersLanguage) {
  const auto& es = site_languages().get("es");
  EXPECT_EQ(web::field_message(es, "post", {services::Problem::missing}), "Escribe algo.");
  EXPECT_EQ(web::field_message(es, "password", {services::Problem::too_short}),
            "Las contraseñas deben tener al menos 8 caracteres.");
  EXPECT_EQ(web::field_message(es, "post", {services::Problem::too_long, 141}),
            "Escribe como máximo 140 caracteres (este tiene 141).");
  EXPECT_EQ(
      web::field_message(site_languages().get("en"), "post", {services::Problem::too_long, 141}),
      "Keep it to 140 characters or fewer (this has 141).");
}

TEST(TranslateExtract, TemplateTextsAreOneEntryEachWithEveryReference) {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("translate-test-" + std::to_string(::getpid()));
  fs::create_directories(root / "templates" / "email");
  std::ofstream(root / "templates" / "b.tpl") << "<p>\n[[Home]] [[Say \"hi\"\n  now]]</p>\n";
  std::ofstream(root / "templates" / "email" / "a.tpl") << "[[Home]]\n";
  std::ofstream(root / "templates" / "notes.txt") << "[[Not a template]]\n";
  const std::string pot = cli::template_catalog(root);
  EXPECT_THAT(pot, ::testing::HasSubstr("charset=UTF-8"));
  EXPECT_THAT(pot, ::testing::HasSubstr("#: templates/b.tpl:2 templates/email/a.tpl:1\n"
                                        "msgid \"Home\"\nmsgstr \"\"\n"));
  EXPECT_THAT(pot, ::testing::HasSubstr("#: templates/b.tpl:2\nmsgid \"Say \\\"hi\\\" now\"\n"));
  EXPECT_THAT(pot, ::testing::Not(::testing::HasSubstr("Not a template")));
  EXPECT_LT(pot.find("msgid \"Home\""), pot.find("msgid \"Say"));
  std::ofstream(root / "templates" / "broken.tpl") << "ok\n[[never closed\n";
  EXPECT_THROW(cli::template_catalog(root), cli::TranslateError);
  fs::remove_all(root);
}

TEST(TranslateExtract, AToolThatFailsIsReportedWithItsStatus) {
  try {
    cli::run_tool({"false"}, ".");
    FAIL() << "no exception";
  } catch (const cli::TranslateError& e) {
    EXPECT_STREQ(e.what(), "false failed (exit status 1); its messages are above");
  }
  EXPECT_THROW(cli::run_tool({"no-such-tool-for-microblog"}, "."), cli::TranslateError);
  EXPECT_NO_THROW(cli::run_tool({"true"}, "."));
}

}  // namespace
}  // namespace microblog
