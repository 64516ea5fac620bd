#include "services/translation_service.hpp"

#include <spdlog/spdlog.h>

#include "db/database.hpp"
#include "db/translation_repository.hpp"

namespace microblog::services {
namespace {

bool lower_letters(const std::string& s, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    if (s[i] < 'a' || s[i] > 'z') {
      return false;
    }
  }
  return true;
}

bool letters(const std::string& s, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    const char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      return false;
    }
  }
  return true;
}

// Holds one of the outbound slots while it lives.
class Slot {
 public:
  Slot(std::atomic<int>& in_flight, int max) : in_flight_(in_flight) {
    int now = in_flight_.load();
    while (now < max) {
      if (in_flight_.compare_exchange_weak(now, now + 1)) {
        held_ = true;
        return;
      }
    }
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot() {
    if (held_) {
      in_flight_.fetch_sub(1);
    }
  }
  bool held() const { return held_; }

 private:
  std::atomic<int>& in_flight_;
  bool held_ = false;
};

}  // namespace

bool valid_language_code(const std::string& code) {
  const auto dash = code.find('-');
  const std::size_t base = dash == std::string::npos ? code.size() : dash;
  if (base < 2 || base > 3 || !lower_letters(code, 0, base)) {
    return false;
  }
  if (dash == std::string::npos) {
    return true;
  }
  const std::size_t rest = code.size() - dash - 1;
  return rest >= 2 && rest <= 4 && letters(code, dash + 1, code.size());
}

TranslationService::TranslationService(db::Database& db, translation::Translator* translator,
                                       Settings settings)
    : db_(db), translator_(translator), settings_(settings) {}

TranslationResult TranslationService::translate_post(Id reader_id, Id post_id,
                                                     const std::string& language) {
  using Status = TranslationResult::Status;
  TranslationResult result;
  if (!valid_language_code(language)) {
    result.status = Status::bad_language;
    return result;
  }
  // Every request counts, answered from the store or not: the limit is on the endpoint.
  result.retry_after_seconds = count_attempt(db_, "translate:user:" + std::to_string(reader_id),
                                             settings_.per_user, util::now_micros());
  if (result.retry_after_seconds > 0) {
    result.status = Status::rate_limited;
    return result;
  }
  std::optional<db::PostSource> source;
  {
    // The connection goes back to the pool before the outbound call: a slow service must not
    // hold database connections too.
    auto conn = db_.connect();
    source = db::translations::post_source(conn.sql(), post_id);
    if (!source) {
      result.status = Status::unknown_post;
      return result;
    }
    if (source->language == language) {
      result.text = source->body;  // already in that language: nothing to translate
      return result;
    }
    if (auto stored = db::translations::find(conn.sql(), post_id, language)) {
      result.text = std::move(*stored);
      return result;
    }
  }
  if (translator_ == nullptr) {
    result.status = Status::not_configured;
    return result;
  }
  const Slot slot(in_flight_, settings_.max_in_flight);
  if (!slot.held()) {
    spdlog::warn("translation refused: {} calls to the translation service already running",
                 settings_.max_in_flight);
    result.status = Status::busy;
    result.retry_after_seconds = static_cast<int>(settings_.retry_after.count());
    return result;
  }
  try {
    ++outbound_calls_;
    result.text = translator_->translate(source->body, source->language, language);
  } catch (const translation::TranslationError& e) {
    spdlog::warn("translation of post {} into {} failed: {}", post_id, language, e.what());
    result.status = e.kind() == translation::TranslationError::Kind::timed_out ? Status::timed_out
                                                                               : Status::failed;
    return result;
  }
  auto conn = db_.connect();
  db::Transaction tx(conn);  // through the writer queue, like every write
  db::translations::store(conn.sql(), conn.dialect(), post_id, language, result.text,
                          util::now_micros());
  tx.commit();
  return result;
}

}  // namespace microblog::services
