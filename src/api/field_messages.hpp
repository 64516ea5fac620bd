#pragma once

#include <initializer_list>
#include <string>

#include "services/problem.hpp"

namespace microblog::api {

// A field's problem in the words of a 400's "message", naming the field. In English like the
// rest of the API (the original's own messages, "please use a different username", included).
std::string field_message(const std::string& field, const services::FieldProblem& problem);

// The first of `errors` in `order` (then any other), for a 400 that names one field.
std::string first_field_message(const services::FieldErrors& errors,
                                std::initializer_list<const char*> order);

}  // namespace microblog::api
