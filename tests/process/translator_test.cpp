#include "translation/translator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/mail_sink.hpp"
#include "support/translator_fake.hpp"

// Each translation provider against the fake of its API (tests/support/translator_fake.py),
// which refuses any request that is not exactly what the real API takes and answers as it does.
namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using translation::TranslationError;

constexpr const char* kSpanish =
    "Hoy hace un día precioso en Madrid y vamos a pasear por el parque del Retiro.";
constexpr const char* kEnglish =
    "Today is a beautiful day in Madrid and we are going for a walk in Retiro park.";
const std::chrono::seconds kTimeout{10};

// The error a call throws, or fails the test when it throws none.
TranslationError error_of(translation::Translator& t, const std::string& text,
                          const std::string& from = "es", const std::string& to = "en") {
  try {
    t.translate(text, from, to);
  } catch (const TranslationError& e) {
    return e;
  }
  ADD_FAILURE() << "translate() should have thrown";
  return TranslationError(TranslationError::Kind::failed, "none");
}

// --- Microsoft Translator v3 ---

TEST(MicrosoftTranslator, SendsTheRequestTheApiExpectsAndReadsTheTranslation) {
  TranslatorFake fake("microsoft", "ms-key-123", "westeurope");
  auto t = translation::make_microsoft({"ms-key-123", "westeurope", fake.url(), kTimeout});
  EXPECT_EQ(t->translate(kSpanish, "es", "en"), kEnglish);
  const auto r = fake.requests();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0]["method"], "POST");
  EXPECT_EQ(r[0]["path"], "/translate");
  EXPECT_EQ(r[0]["query"], "api-version=3.0&from=es&to=en");
  EXPECT_EQ(r[0]["headers"]["ocp-apim-subscription-key"], "ms-key-123");
  EXPECT_EQ(r[0]["headers"]["ocp-apim-subscription-region"], "westeurope");
  EXPECT_THAT(r[0]["headers"]["content-type"].get<std::string>(), HasSubstr("application/json"));
  EXPECT_EQ(r[0]["body"], nlohmann::json::parse(R"([{"Text": ")" + std::string(kSpanish) + "\"}]"));
  EXPECT_EQ(r[0]["status"], 200);
}

TEST(MicrosoftTranslator, UnknownSourceIsLeftToTheServiceAndNoRegionHeaderForAGlobalResource) {
  TranslatorFake fake("microsoft", "ms-key-123");
  auto t = translation::make_microsoft({"ms-key-123", "", fake.url(), kTimeout});
  EXPECT_EQ(t->translate("hola", "", "en"), "[en] hola");
  const auto r = fake.requests();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0]["query"], "api-version=3.0&to=en");
  EXPECT_FALSE(r[0]["headers"].contains("ocp-apim-subscription-region"));
}

TEST(MicrosoftTranslator, WrongKeyQuotaAndServerErrorsFailWithTheServicesReason) {
  TranslatorFake fake("microsoft", "ms-key-123", "westeurope");
  auto wrong = translation::make_microsoft({"ms-key-wrong", "westeurope", fake.url(), kTimeout});
  auto e = error_of(*wrong, "hola");
  EXPECT_EQ(e.kind(), TranslationError::Kind::failed);
  EXPECT_THAT(e.what(), HasSubstr("401"));
  EXPECT_THAT(e.what(), HasSubstr("credentials are missing or invalid"));
  EXPECT_THAT(e.what(), Not(HasSubstr("ms-key-wrong")));  // keys stay out of messages

  auto wrong_region = translation::make_microsoft({"ms-key-123", "eastus", fake.url(), kTimeout});
  EXPECT_THAT(error_of(*wrong_region, "hola").what(), HasSubstr("401"));

  auto t = translation::make_microsoft({"ms-key-123", "westeurope", fake.url(), kTimeout});
  e = error_of(*t, "hola #quota");
  EXPECT_EQ(e.kind(), TranslationError::Kind::failed);
  EXPECT_THAT(e.what(), HasSubstr("403"));
  EXPECT_THAT(e.what(), HasSubstr("exceeded its free quota"));
  e = error_of(*t, "hola #server-error");
  EXPECT_THAT(e.what(), HasSubstr("500"));
  e = error_of(*t, "hola", "es", "xx");  // a target the service does not know
  EXPECT_THAT(e.what(), HasSubstr("400"));
  EXPECT_THAT(e.what(), HasSubstr("target language"));
  e = error_of(*t, "hola #garbage");
  EXPECT_THAT(e.what(), HasSubstr("without a translation"));
}

// --- DeepL API v2 ---

TEST(DeepLTranslator, SendsTheRequestTheApiExpectsAndReadsTheTranslation) {
  TranslatorFake fake("deepl", "dl-key-456:fx");
  auto t = translation::make_deepl({"dl-key-456:fx", fake.url(), kTimeout});
  EXPECT_EQ(t->translate(kSpanish, "es", "en"), kEnglish);
  EXPECT_EQ(t->translate("hallo", "", "es"), "[es] hallo");
  const auto r = fake.requests();
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0]["method"], "POST");
  EXPECT_EQ(r[0]["path"], "/v2/translate");
  EXPECT_EQ(r[0]["query"], "");
  EXPECT_EQ(r[0]["headers"]["authorization"], "DeepL-Auth-Key dl-key-456:fx");
  EXPECT_THAT(r[0]["headers"]["content-type"].get<std::string>(), HasSubstr("application/json"));
  EXPECT_EQ(
      r[0]["body"],
      (nlohmann::json{{"text", {kSpanish}}, {"target_lang", "EN-US"}, {"source_lang", "ES"}}));
  EXPECT_EQ(r[1]["body"], (nlohmann::json{{"text", {"hallo"}}, {"target_lang", "ES"}}));
}

TEST(DeepLTranslator, FreeKeysGoToTheFreeEndpointAndOthersToThePaidOne) {
  EXPECT_EQ(translation::deepl_default_url("279a2e9d-83b3-c416-7e2d-f721593e42a0:fx"),
            "https://api-free.deepl.com");
  EXPECT_EQ(translation::deepl_default_url("279a2e9d-83b3-c416-7e2d-f721593e42a0"),
            "https://api.deepl.com");
  EXPECT_THAT(translation::make_deepl({"k:fx", "", kTimeout})->describe(),
              HasSubstr("https://api-free.deepl.com"));
}

TEST(DeepLTranslator, WrongKeyQuotaAndServerErrorsFailWithTheServicesReason) {
  TranslatorFake fake("deepl", "dl-key-456");
  auto wrong = translation::make_deepl({"dl-key-wrong", fake.url(), kTimeout});
  auto e = error_of(*wrong, "hola");
  EXPECT_EQ(e.kind(), TranslationError::Kind::failed);
  EXPECT_THAT(e.what(), HasSubstr("403"));
  EXPECT_THAT(e.what(), HasSubstr("Authorization failure"));
  EXPECT_THAT(e.what(), Not(HasSubstr("dl-key-wrong")));

  auto t = translation::make_deepl({"dl-key-456", fake.url(), kTimeout});
  e = error_of(*t, "hola #quota");
  EXPECT_THAT(e.what(), HasSubstr("456"));
  EXPECT_THAT(e.what(), HasSubstr("Quota exceeded"));
  e = error_of(*t, "hola #server-error");
  EXPECT_THAT(e.what(), HasSubstr("500"));
  e = error_of(*t, "hola", "es", "xx");
  EXPECT_THAT(e.what(), HasSubstr("target_lang"));
}

// --- LibreTranslate ---

TEST(LibreTranslator, SendsTheRequestTheApiExpectsWithItsKeyAndReadsTheTranslation) {
  TranslatorFake fake("libretranslate", "lt-key-789");
  auto t = translation::make_libretranslate({fake.url(), "lt-key-789", kTimeout});
  EXPECT_EQ(t->translate(kSpanish, "es", "en"), kEnglish);
  EXPECT_EQ(t->translate("hola", "", "de"), "[de] hola");
  const auto r = fake.requests();
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0]["method"], "POST");
  EXPECT_EQ(r[0]["path"], "/translate");
  EXPECT_EQ(r[0]["query"], "");
  EXPECT_THAT(r[0]["headers"]["content-type"].get<std::string>(), HasSubstr("application/json"));
  EXPECT_EQ(r[0]["body"], (nlohmann::json{{"q", kSpanish},
                                          {"source", "es"},
                                          {"target", "en"},
                                          {"format", "text"},
                                          {"api_key", "lt-key-789"}}));
  EXPECT_EQ(r[1]["body"]["source"], "auto");
}

TEST(LibreTranslator, AServerWithoutKeysGetsNoKeyAndErrorsCarryTheServersReason) {
  TranslatorFake open_server("libretranslate", "");
  auto t = translation::make_libretranslate({open_server.url(), "", kTimeout});
  EXPECT_EQ(t->translate("hola", "es", "en"), "[en] hola");
  EXPECT_FALSE(open_server.requests()[0]["body"].contains("api_key"));
  auto e = error_of(*t, "hola #quota");
  EXPECT_THAT(e.what(), HasSubstr("429"));
  EXPECT_THAT(e.what(), HasSubstr("Too many request limits violations"));
  e = error_of(*t, "hola #server-error");
  EXPECT_THAT(e.what(), HasSubstr("500"));
  e = error_of(*t, "hola", "es", "xx");
  EXPECT_THAT(e.what(), HasSubstr("xx is not supported"));

  TranslatorFake keyed("libretranslate", "lt-key-789");
  auto keyless = translation::make_libretranslate({keyed.url(), "", kTimeout});
  e = error_of(*keyless, "hola");
  EXPECT_THAT(e.what(), HasSubstr("403"));
  EXPECT_THAT(e.what(), HasSubstr("Invalid API key"));
}

// --- What every provider shares: the timeout, the answer's size, an unreachable service ---

TEST(TranslatorLimits, ASlowServiceTimesOutWithinTheTimeout) {
  TranslatorFake fake("libretranslate", "", "", 30);
  auto t = translation::make_libretranslate({fake.url(), "", std::chrono::seconds(1)});
  const auto start = std::chrono::steady_clock::now();
  const auto e = error_of(*t, "hola #slow");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.kind(), TranslationError::Kind::timed_out);
  EXPECT_THAT(e.what(), HasSubstr("did not answer within 1 s"));
  EXPECT_LT(took, std::chrono::seconds(10));  // the fake holds the answer for 30 s
}

TEST(TranslatorLimits, AnAnswerLargerThanTheBoundIsRefused) {
  TranslatorFake fake("microsoft", "k");
  auto t = translation::make_microsoft({"k", "", fake.url(), kTimeout});
  const auto e = error_of(*t, "hola #huge");
  EXPECT_EQ(e.kind(), TranslationError::Kind::failed);
  EXPECT_THAT(e.what(), HasSubstr("more than"));
}

TEST(TranslatorLimits, AnUnreachableServiceFails) {
  auto t = translation::make_deepl(
      {"k", "http://127.0.0.1:" + std::to_string(free_port()), std::chrono::seconds(5)});
  const auto e = error_of(*t, "hola");
  EXPECT_EQ(e.kind(), TranslationError::Kind::failed);
  EXPECT_THAT(e.what(), HasSubstr("could not be reached"));
}

}  // namespace
}  // namespace microblog::testing
