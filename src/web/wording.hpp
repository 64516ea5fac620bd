#pragma once

#include <string>
#include <string_view>

#include "i18n/languages.hpp"
#include "services/problem.hpp"

namespace microblog::web {

// The words for what a service reported about a form field: the one place where outcome codes
// become text, in the reader's language.
std::string field_message(const i18n::Language& lang, std::string_view field,
                          const services::FieldProblem& problem);

}  // namespace microblog::web
