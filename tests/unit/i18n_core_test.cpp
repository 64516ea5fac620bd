#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "i18n/fill.hpp"
#include "i18n/languages.hpp"
#include "i18n/template_text.hpp"

namespace microblog::i18n {
namespace {

TEST(TemplateText, MarkersAreFoundWithTheirLinesAndSpacesMadeOne) {
  const auto found =
      template_messages("<a>[[Home]]</a>\n<p>[[Older\n   posts]]</p> [[Hi, {{USERNAME}}!]]");
  ASSERT_EQ(found.size(), 3U);
  EXPECT_EQ(found[0].msgid, "Home");
  EXPECT_EQ(found[0].line, 1);
  EXPECT_EQ(found[1].msgid, "Older posts");
  EXPECT_EQ(found[1].line, 2);
  EXPECT_EQ(found[2].msgid, "Hi, {{USERNAME}}!");
}

TEST(TemplateText, EachMarkerIsReplacedByItsTranslation) {
  const auto out = localize_template("<a>[[Home]]</a> [[ Older\n posts ]]!",
                                     [](const std::string& id) { return "<" + id + ">"; });
  EXPECT_EQ(out, "<a><Home></a> <Older posts>!");
}

TEST(TemplateText, AnUnclosedOrEmptyMarkerNamesItsLine) {
  try {
    template_messages("one\ntwo [[Home");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "line 2: [[ without a closing ]]");
  }
  EXPECT_THROW(localize_template("[[  ]]", [](const std::string& id) { return id; }),
               std::runtime_error);
}

TEST(Fill, NamedPlaceholdersAreReplacedAndUnknownOnesKept) {
  EXPECT_EQ(fill("{who} follows {whom}", {{"who", "ana"}, {"whom", "{who}"}}), "ana follows {who}");
  EXPECT_EQ(fill("{nmae} and { and }", {{"name", "x"}}), "{nmae} and { and }");
  EXPECT_EQ(fill("", {}), "");
}

TEST(Languages, SpanishTemplatesAndWordsComeFromTheCompiledCatalog) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("i18n-core-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "nav.tpl") << "<a>[[Home]]</a>";
  const Languages languages({"en", "es"}, "locale", dir.string());
  ctemplate::TemplateDictionary dict("d");
  EXPECT_EQ(languages.get("es").templates().expand("nav.tpl", dict, util::Templates::Blank::keep),
            "<a>Inicio</a>");
  EXPECT_EQ(languages.get("en").templates().expand("nav.tpl", dict, util::Templates::Blank::keep),
            "<a>Home</a>");
  EXPECT_EQ(languages.get("es").t("Explore"), "Explorar");
  EXPECT_EQ(languages.get("es").t("Not in the catalog"), "Not in the catalog");
  EXPECT_EQ(languages.get("fr").code(), "en");
  EXPECT_FALSE(languages.offers("fr"));
  EXPECT_THROW(Languages({"en", "fr"}, "locale", dir.string()), std::runtime_error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace microblog::i18n
