#include "i18n/languages.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>

#include "i18n/fill.hpp"
#include "i18n/template_text.hpp"

namespace microblog::i18n {

Language::Language(std::string code, const std::locale& locale, const std::string& templates_dir)
    : code_(std::move(code)), locale_(locale) {
  templates_ = std::make_unique<util::Templates>(templates_dir, [this](std::string_view source) {
    return localize_template(source, [this](const std::string& msgid) { return t(msgid); });
  });
}

std::string Language::t(const char* msgid) const {
  return boost::locale::gettext(msgid, locale_);
}

std::string Language::tn(const char* singular, const char* plural, long long n) const {
  // Catalog lookups take an int count. Past that, the rules need only n's last digits (n % 10,
  // n % 100) and that it is large: keeping six digits above a million keeps both, where the
  // bare remainder could make 3,000,000,001 look like 1.
  const int count = n >= 0 && n <= 1000000 ? static_cast<int>(n)
                                           : static_cast<int>(1000000 + std::llabs(n) % 1000000);
  const std::string text = boost::locale::ngettext(singular, plural, count, locale_);
  return fill(text, {{"n", std::to_string(n)}});
}

Languages::Languages(const std::vector<std::string>& codes, const std::string& locale_dir,
                     const std::string& templates_dir)
    : codes_(codes) {
  if (codes.empty()) {
    throw std::runtime_error("no interface language is configured");
  }
  // The ICU backend, which needs no system locales: a container has only C.UTF-8.
  boost::locale::generator generator;
  generator.add_messages_path(locale_dir);
  generator.add_messages_domain(kMessagesDomain);
  for (const auto& code : codes) {
    if (code != "en") {
      const auto catalog = std::filesystem::path(locale_dir) / code / "LC_MESSAGES" /
                           (std::string(kMessagesDomain) + ".mo");
      std::error_code ec;
      if (!std::filesystem::is_regular_file(catalog, ec)) {
        throw std::runtime_error("no message catalog for language '" + code +
                                 "': " + catalog.string() + " is missing");
      }
    }
    // Made once: generating a locale takes about a millisecond, far too much per request.
    languages_.push_back(
        std::make_unique<Language>(code, generator(code + ".UTF-8"), templates_dir));
  }
}

Languages::~Languages() = default;

const Language& Languages::get(std::string_view code) const {
  for (std::size_t i = 0; i < codes_.size(); ++i) {
    if (codes_[i] == code) {
      return *languages_[i];
    }
  }
  return default_language();
}

bool Languages::offers(std::string_view code) const {
  for (const auto& c : codes_) {
    if (c == code) {
      return true;
    }
  }
  return false;
}

}  // namespace microblog::i18n
