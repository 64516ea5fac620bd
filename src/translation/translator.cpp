#include "translation/translator.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace microblog::translation {
namespace {

using Kind = TranslationError::Kind;
using nlohmann::json;

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlList = std::unique_ptr<curl_slist, CurlDeleter>;

struct Answer {
  long status = 0;
  std::string body;
};

struct Collected {
  std::string body;
  bool too_large = false;
};

std::size_t collect(char* ptr, std::size_t size, std::size_t nmemb, void* userdata) {
  auto* out = static_cast<Collected*>(userdata);
  const std::size_t n = size * nmemb;
  if (out->body.size() + n > kMaxAnswerBytes) {
    out->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR: a provider cannot fill our memory
  }
  out->body.append(ptr, n);
  return n;
}

// POSTs `body` as JSON with `headers` (besides Content-Type and Accept) and returns the answer,
// whatever its status. Throws TranslationError when there is no complete answer. `provider`
// names the service in messages; the URL is named without its query, and headers (which carry
// the keys) never.
Answer post_json(const std::string& provider, const std::string& url,
                 const std::vector<std::string>& headers, const std::string& body,
                 std::chrono::seconds timeout) {
  CurlHandle h(curl_easy_init());
  if (!h) {
    throw TranslationError(Kind::failed, "libcurl could not create a handle");
  }
  CURL* c = h.get();
  // No signals from libcurl's resolver: request threads must not be interrupted.
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  CurlList list;
  for (const auto& line : headers) {
    list.reset(curl_slist_append(list.release(), line.c_str()));
  }
  list.reset(curl_slist_append(list.release(), "Content-Type: application/json; charset=UTF-8"));
  list.reset(curl_slist_append(list.release(), "Accept: application/json"));
  // libcurl would otherwise send "Expect: 100-continue" for larger bodies and wait for it.
  list.reset(curl_slist_append(list.release(), "Expect:"));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  Collected answer;
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  std::array<char, CURL_ERROR_SIZE> error{};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error.data());
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);  // the buffer ends with this call
  const std::string where = url.substr(0, url.find('?'));
  if (answer.too_large) {
    throw TranslationError(Kind::failed, fmt::format("{} at {} answered more than {} bytes",
                                                     provider, where, kMaxAnswerBytes));
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    throw TranslationError(Kind::timed_out, fmt::format("{} at {} did not answer within {} s",
                                                        provider, where, timeout.count()));
  }
  if (rc != CURLE_OK) {
    throw TranslationError(
        Kind::failed,
        fmt::format("{} at {} could not be reached: {}", provider, where,
                    error[0] != '\0' ? std::string(error.data()) : curl_easy_strerror(rc)));
  }
  Answer out;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  out.body = std::move(answer.body);
  return out;
}

// The provider's reason in an error answer: {"error": {"message"}} (Microsoft), {"message"}
// (DeepL), {"error": "..."} (LibreTranslate), else the start of the text.
std::string reason(const std::string& body) {
  const auto j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    if (j.contains("error")) {
      const auto& e = j["error"];
      if (e.is_string()) {
        return e.get<std::string>();
      }
      if (e.is_object() && e.contains("message") && e["message"].is_string()) {
        return e.contains("code")
                   ? fmt::format("{} ({})", e["message"].get<std::string>(), e["code"].dump())
                   : e["message"].get<std::string>();
      }
    }
    if (j.contains("message") && j["message"].is_string()) {
      return j["message"].get<std::string>();
    }
  }
  return body.empty() ? "(no text)" : body.substr(0, 200);
}

[[noreturn]] void refused(const std::string& provider, const Answer& a) {
  throw TranslationError(Kind::failed,
                         fmt::format("{} answered {}: {}", provider, a.status, reason(a.body)));
}

[[noreturn]] void unreadable(const std::string& provider) {
  throw TranslationError(Kind::failed,
                         fmt::format("{} answered 200 without a translation in it", provider));
}

// A string at `path` in the answer, or nothing when the answer does not have that shape.
template <typename Get>
std::string translated(const std::string& provider, const std::string& body, Get get) {
  const auto j = json::parse(body, nullptr, false);
  try {
    if (!j.is_discarded()) {
      const json& text = get(j);
      if (text.is_string()) {
        return text.get<std::string>();
      }
    }
  } catch (const json::exception&) {
    // Another shape than documented: treated as no translation.
  }
  unreadable(provider);
}

std::string encode_query(const std::string& s) {
  std::string out;
  for (const unsigned char ch : s) {
    if (std::isalnum(ch) != 0 || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += fmt::format("%{:02X}", ch);
    }
  }
  return out;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return s;
}

class Microsoft : public Translator {
 public:
  explicit Microsoft(MicrosoftSettings s) : s_(std::move(s)) {}

  std::string describe() const override { return "Microsoft Translator " + s_.url; }

  std::string translate(const std::string& text, const std::string& from,
                        const std::string& to) override {
    std::string url = s_.url + "/translate?api-version=3.0";
    if (!from.empty()) {
      url += "&from=" + encode_query(from);
    }
    url += "&to=" + encode_query(to);
    std::vector<std::string> headers = {"Ocp-Apim-Subscription-Key: " + s_.key};
    if (!s_.region.empty()) {
      headers.push_back("Ocp-Apim-Subscription-Region: " + s_.region);
    }
    const json body = json::array({{{"Text", text}}});
    const auto a = post_json("Microsoft Translator", url, headers, body.dump(), s_.timeout);
    if (a.status != 200) {
      refused("Microsoft Translator", a);
    }
    return translated("Microsoft Translator", a.body, [](const json& j) -> const json& {
      return j.at(0).at("translations").at(0).at("text");
    });
  }

 private:
  MicrosoftSettings s_;
};

class DeepL : public Translator {
 public:
  explicit DeepL(DeepLSettings s) : s_(std::move(s)) {
    if (s_.url.empty()) {
      s_.url = deepl_default_url(s_.key);
    }
  }

  std::string describe() const override { return "DeepL " + s_.url; }

  std::string translate(const std::string& text, const std::string& from,
                        const std::string& to) override {
    json body = {{"text", json::array({text})}, {"target_lang", target_lang(to)}};
    if (!from.empty()) {
      body["source_lang"] = upper(from);
    }
    const auto a = post_json("DeepL", s_.url + "/v2/translate",
                             {"Authorization: DeepL-Auth-Key " + s_.key}, body.dump(), s_.timeout);
    if (a.status != 200) {
      // 403 wrong key or endpoint, 456 quota used up, 429 too many requests, 5xx DeepL's own.
      refused("DeepL", a);
    }
    return translated("DeepL", a.body, [](const json& j) -> const json& {
      return j.at("translations").at(0).at("text");
    });
  }

 private:
  // DeepL wants a variant for English and Portuguese targets (plain EN and PT are deprecated
  // there); other targets are the code in capitals.
  static std::string target_lang(const std::string& to) {
    if (to == "en") {
      return "EN-US";
    }
    if (to == "pt") {
      return "PT-BR";
    }
    return upper(to);
  }

  DeepLSettings s_;
};

class LibreTranslate : public Translator {
 public:
  explicit LibreTranslate(LibreTranslateSettings s) : s_(std::move(s)) {}

  std::string describe() const override { return "LibreTranslate " + s_.url; }

  std::string translate(const std::string& text, const std::string& from,
                        const std::string& to) override {
    json body = {
        {"q", text}, {"source", from.empty() ? "auto" : from}, {"target", to}, {"format", "text"}};
    if (!s_.api_key.empty()) {
      body["api_key"] = s_.api_key;
    }
    const auto a = post_json("LibreTranslate", s_.url + "/translate", {}, body.dump(), s_.timeout);
    if (a.status != 200) {
      refused("LibreTranslate", a);
    }
    return translated("LibreTranslate", a.body,
                      [](const json& j) -> const json& { return j.at("translatedText"); });
  }

 private:
  LibreTranslateSettings s_;
};

}  // namespace

std::string deepl_default_url(const std::string& key) {
  const bool free_key = key.size() >= 3 && key.compare(key.size() - 3, 3, ":fx") == 0;
  return free_key ? "https://api-free.deepl.com" : "https://api.deepl.com";
}

std::unique_ptr<Translator> make_microsoft(MicrosoftSettings settings) {
  return std::make_unique<Microsoft>(std::move(settings));
}

std::unique_ptr<Translator> make_deepl(DeepLSettings settings) {
  return std::make_unique<DeepL>(std::move(settings));
}

std::unique_ptr<Translator> make_libretranslate(LibreTranslateSettings settings) {
  return std::make_unique<LibreTranslate>(std::move(settings));
}

}  // namespace microblog::translation
