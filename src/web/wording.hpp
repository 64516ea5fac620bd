#pragma once

#include <string>
#include <string_view>

#include "services/problem.hpp"

namespace microblog::web {

// The words for what a service reported about a form field: the one place where outcome codes
// become text (and where the interface languages will translate them).
std::string field_message(std::string_view field, const services::FieldProblem& problem);

}  // namespace microblog::web
