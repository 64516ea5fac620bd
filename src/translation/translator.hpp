#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace microblog::translation {

// A translation the provider did not give. what() is for the operators' log: it names the
// provider, the HTTP status and the provider's own reason, never a key.
class TranslationError : public std::runtime_error {
 public:
  enum class Kind {
    failed,     // refused (bad key, quota, bad request), broken, unreachable or unreadable
    timed_out,  // no complete answer within the timeout
  };
  TranslationError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One machine translation service.
class Translator {
 public:
  virtual ~Translator() = default;
  // `text` from language `from` (ISO 639-1, "" when unknown: the provider detects it) into
  // `to`. Throws TranslationError.
  virtual std::string translate(const std::string& text, const std::string& from,
                                const std::string& to) = 0;
  // "DeepL https://api-free.deepl.com": for the start-up log line.
  virtual std::string describe() const = 0;
};

// Every call is bounded by `timeout` (connecting included), verifies HTTPS certificates, reads
// at most kMaxAnswerBytes of answer and follows no redirect.
inline constexpr std::size_t kMaxAnswerBytes = 256 * 1024;

// Microsoft Translator v3: POST <url>/translate?api-version=3.0&from=..&to=.. with the key
// (and region, for a regional resource) in Ocp-Apim-Subscription-* headers.
struct MicrosoftSettings {
  std::string key;
  std::string region;  // "" for a global resource
  std::string url = "https://api.cognitive.microsofttranslator.com";
  std::chrono::seconds timeout{10};
};
std::unique_ptr<Translator> make_microsoft(MicrosoftSettings settings);

// DeepL API v2: POST <url>/v2/translate with "Authorization: DeepL-Auth-Key <key>".
struct DeepLSettings {
  std::string key;
  std::string url;  // "": deepl_default_url(key)
  std::chrono::seconds timeout{10};
};
std::unique_ptr<Translator> make_deepl(DeepLSettings settings);
// DeepL serves free keys (ending in ":fx") from another host than paid ones.
std::string deepl_default_url(const std::string& key);

// LibreTranslate (open source, self-hostable): POST <url>/translate, the key (if the server
// wants one) in the body.
struct LibreTranslateSettings {
  std::string url;
  std::string api_key;  // "" for a server without keys
  std::chrono::seconds timeout{10};
};
std::unique_ptr<Translator> make_libretranslate(LibreTranslateSettings settings);

}  // namespace microblog::translation
