#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "services/rate_limit.hpp"
#include "translation/translator.hpp"
#include "util/id.hpp"

namespace microblog::db {
class Database;
}  // namespace microblog::db

namespace microblog::services {

struct TranslationResult {
  enum class Status {
    ok,              // `text` is the translation
    unknown_post,    // no such post
    bad_language,    // the target is not a language code
    not_configured,  // no translation service is configured
    rate_limited,    // the reader asked too often: retry_after_seconds
    busy,            // every outbound slot is taken: retry_after_seconds
    failed,          // the service refused or broke (logged with its reason)
    timed_out,       // the service did not answer in time
  };
  Status status = Status::ok;
  std::string text;
  int retry_after_seconds = 0;
};

// Translates posts for readers. The text comes from the database, never from the request, so
// the site cannot be used to translate arbitrary text at its expense. A translation is stored
// per (post, language) and served from there afterwards; only the first reader waits for the
// service.
class TranslationService {
 public:
  struct Settings {
    RateLimit per_user;     // requests per reader, cached answers included
    int max_in_flight = 1;  // outbound calls at once; past it, busy
    // A slot frees within the translation timeout at the latest: when to come back.
    std::chrono::seconds retry_after{10};
  };

  // `translator` may be null: then every uncached translation is not_configured.
  TranslationService(db::Database& db, translation::Translator* translator, Settings settings);

  TranslationResult translate_post(Id reader_id, Id post_id, const std::string& language);

  bool configured() const { return translator_ != nullptr; }
  // Calls made to the translation service so far (tests check that the cache spares them).
  long long outbound_calls() const { return outbound_calls_.load(); }

 private:
  db::Database& db_;
  translation::Translator* translator_;
  Settings settings_;
  std::atomic<int> in_flight_{0};
  std::atomic<long long> outbound_calls_{0};
};

// A target language code the service accepts: ISO 639 ("es"), optionally with a region or
// script ("pt-BR", "zh-Hans").
bool valid_language_code(const std::string& code);

}  // namespace microblog::services
