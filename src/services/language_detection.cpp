#include "services/language_detection.hpp"

// compact_lang_det.h uses FILE without including <cstdio> (Debian 12's libcld2).
#include <cstdio>

#include <cld2/public/compact_lang_det.h>

namespace microblog::services {
namespace {

bool is_lower_alpha(std::string_view s) {
  for (const char c : s) {
    if (c < 'a' || c > 'z') {
      return false;
    }
  }
  return !s.empty();
}

}  // namespace

std::string detect_language(std::string_view text) {
  bool reliable = false;
  const CLD2::Language lang =
      CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), true, &reliable);
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) {
    return "";
  }
  // CLD2 codes are mostly ISO 639-1, some with a script ("zh-Hant"); the column holds five
  // characters and the page uses it as lang="...", so keep the primary language subtag.
  std::string_view code = CLD2::LanguageCode(lang);
  code = code.substr(0, code.find('-'));
  if (code.size() > 3 || !is_lower_alpha(code)) {
    return "";
  }
  // CLD2 still uses the codes ISO withdrew for Hebrew and Indonesian.
  if (code == "iw") {
    return "he";
  }
  if (code == "in") {
    return "id";
  }
  return std::string(code);
}

}  // namespace microblog::services
