#pragma once

#include <map>
#include <string>

namespace microblog::services {

// Form field name (as in the HTML form) -> message to show next to it.
using FieldErrors = std::map<std::string, std::string>;

}  // namespace microblog::services
