#pragma once

#include <locale>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/templates.hpp"

namespace microblog::i18n {

// One interface language: its message catalog and its own copy of the templates.
//
// Text in C++ is marked for extraction by calling t() or tn() with a literal (xgettext's
// keywords t and tn:1,2, see `microblog translate extract`). Placeholders are named, "{name}",
// and filled after translating (i18n/fill.hpp), so a translation may move them.
class Language {
 public:
  Language(std::string code, const std::locale& locale, const std::string& templates_dir);
  Language(const Language&) = delete;
  Language& operator=(const Language&) = delete;

  // The ISO 639-1 code: "en", "es".
  const std::string& code() const { return code_; }

  // The translation of msgid, or msgid itself when the catalog has none.
  std::string t(const char* msgid) const;
  std::string t(const std::string& msgid) const { return t(msgid.c_str()); }
  // The form for n of a text that has a singular and a plural ("{n} post", "{n} posts"), by
  // the language's plural rule; "{n}" in it is replaced by n.
  std::string tn(const char* singular, const char* plural, long long n) const;

  // The templates with their [[text]] markers translated (i18n/template_text.hpp).
  const util::Templates& templates() const { return *templates_; }

 private:
  std::string code_;
  std::locale locale_;
  std::unique_ptr<util::Templates> templates_;
};

// The languages the site is offered in (LANGUAGES), the first being the default.
class Languages {
 public:
  // Reads the compiled catalogs, locale_dir/<code>/LC_MESSAGES/microblog.mo, and makes each
  // language's templates. English is the text of the source and needs no catalog; any other
  // language without one is refused (std::runtime_error naming the file), as is an empty list.
  Languages(const std::vector<std::string>& codes, const std::string& locale_dir,
            const std::string& templates_dir);
  Languages(const Languages&) = delete;
  Languages& operator=(const Languages&) = delete;
  ~Languages();

  // The language with this code, or the default when it is not offered.
  const Language& get(std::string_view code) const;
  const Language& default_language() const { return *languages_.front(); }
  bool offers(std::string_view code) const;
  // The codes in the order of LANGUAGES.
  const std::vector<std::string>& codes() const { return codes_; }

 private:
  std::vector<std::string> codes_;
  std::vector<std::unique_ptr<Language>> languages_;
};

// The catalog's domain: microblog.mo, microblog.pot.
inline constexpr const char* kMessagesDomain = "microblog";

}  // namespace microblog::i18n
