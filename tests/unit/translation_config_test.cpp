#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "services/translation_service.hpp"
#include "support/config_env.hpp"

namespace microblog {
namespace {

using ::testing::HasSubstr;
using testing::load_config_from;

std::string config_error(const std::map<std::string, std::string>& env) {
  try {
    load_config_from(env);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TranslationConfig, NoServiceByDefaultAndTheOnlyOneConfiguredOtherwise) {
  const auto none = load_config_from({});
  EXPECT_EQ(none.translator, "");
  EXPECT_EQ(none.translation_timeout_seconds, 10);
  EXPECT_EQ(none.translations_per_user_per_minute, 10);
  EXPECT_GE(none.translation_concurrency, 1);

  EXPECT_EQ(load_config_from({{"MS_TRANSLATOR_KEY", "k"}}).translator, "microsoft");
  EXPECT_EQ(load_config_from({{"DEEPL_API_KEY", "k:fx"}}).translator, "deepl");
  const auto libre = load_config_from({{"LIBRETRANSLATE_URL", "http://127.0.0.1:5001/"}});
  EXPECT_EQ(libre.translator, "libretranslate");
  EXPECT_EQ(libre.libretranslate_url, "http://127.0.0.1:5001");  // no trailing slash
  EXPECT_EQ(libre.ms_translator_url, "https://api.cognitive.microsofttranslator.com");
}

TEST(TranslationConfig, TwoServicesNeedTranslatorToChoose) {
  const std::map<std::string, std::string> both = {{"MS_TRANSLATOR_KEY", "k"},
                                                   {"DEEPL_API_KEY", "d"}};
  EXPECT_THAT(config_error(both), HasSubstr("set TRANSLATOR"));
  auto chosen = both;
  chosen["TRANSLATOR"] = "deepl";
  EXPECT_EQ(load_config_from(chosen).translator, "deepl");
}

TEST(TranslationConfig, AChosenServiceNeedsItsSettings) {
  EXPECT_THAT(config_error({{"TRANSLATOR", "microsoft"}}), HasSubstr("MS_TRANSLATOR_KEY"));
  EXPECT_THAT(config_error({{"TRANSLATOR", "deepl"}}), HasSubstr("DEEPL_API_KEY"));
  EXPECT_THAT(config_error({{"TRANSLATOR", "libretranslate"}}), HasSubstr("LIBRETRANSLATE_URL"));
  EXPECT_THAT(config_error({{"TRANSLATOR", "google"}}), HasSubstr("TRANSLATOR must be one of"));
  EXPECT_THAT(config_error({{"LIBRETRANSLATE_URL", "ftp://x"}}), HasSubstr("LIBRETRANSLATE_URL"));
  EXPECT_THAT(config_error({{"TRANSLATION_TIMEOUT_SECONDS", "0"}}),
              HasSubstr("TRANSLATION_TIMEOUT_SECONDS"));
}

TEST(TranslationConfig, TargetLanguagesAreLanguageCodes) {
  for (const char* good : {"en", "es", "haw", "pt-BR", "zh-Hans"}) {
    EXPECT_TRUE(services::valid_language_code(good)) << good;
  }
  for (const char* bad :
       {"", "e", "EN", "english", "en-", "en-B", "pt-BRAZIL", "en us", "e1", "en&to=de"}) {
    EXPECT_FALSE(services::valid_language_code(bad)) << bad;
  }
}

}  // namespace
}  // namespace microblog
