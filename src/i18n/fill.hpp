#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace microblog::i18n {

// Replaces each "{name}" in a translated text with its value. Names not given and stray braces
// are left as they are, so a translation with a typo shows a visible "{nmae}" instead of
// throwing on a page.
using Placeholder = std::pair<std::string_view, std::string_view>;
std::string fill(std::string_view text, std::initializer_list<Placeholder> values);

}  // namespace microblog::i18n
