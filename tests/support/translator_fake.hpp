#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace microblog::testing {

// The fake translation APIs (tests/support/translator_fake.py) for one provider: checks each
// request as the real API does and records it. The posted text picks error answers: "#quota",
// "#server-error", "#garbage", "#huge", "#slow" (see the script).
class TranslatorFake {
 public:
  // `api`: "microsoft", "deepl" or "libretranslate"; `region` only for microsoft; `slow`: how
  // long a "#slow" text waits before its answer.
  TranslatorFake(const std::string& api, const std::string& key, const std::string& region = "",
                 int slow_seconds = 30);
  TranslatorFake(const TranslatorFake&) = delete;
  TranslatorFake& operator=(const TranslatorFake&) = delete;
  ~TranslatorFake();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Every request received so far, answered or refused, oldest first.
  std::vector<nlohmann::json> requests() const;
  // Returns once a "#slow" request has arrived (and is being held); false if the fake ended.
  bool wait_for_slow_request();

 private:
  std::string dir_;
  unsigned short port_ = 0;
  std::unique_ptr<ChildProcess> server_;
};

}  // namespace microblog::testing
