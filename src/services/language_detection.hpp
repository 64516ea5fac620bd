#pragma once

#include <string>
#include <string_view>

namespace microblog::services {

// The language of a post as an ISO 639-1 code ("en", "es"), or "" when CLD2 is not sure
// (short texts such as "hi" come back as English but flagged unreliable). `text` must be
// valid UTF-8. Thread-safe; about 34 us for a post.
std::string detect_language(std::string_view text);

}  // namespace microblog::services
