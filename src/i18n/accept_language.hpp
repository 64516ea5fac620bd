#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace microblog::i18n {

// The offered language an Accept-Language header prefers, or "" when it accepts none of them.
//
// Each entry is a language range with an optional weight ("es-ES;q=0.9"); a range matches an
// offered code by its primary subtag ("es-ES" and "es" are Spanish), "*" matches any offered
// language the header does not name, q=0 refuses. The highest weight wins, the earlier entry
// on a tie. Entries that do not parse (bad weights, odd characters, over-long tags) are skipped
// rather than failing the header, since browsers and bots send all sorts.
std::string best_language(std::string_view header, const std::vector<std::string>& offered);

}  // namespace microblog::i18n
