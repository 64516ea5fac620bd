#pragma once

#include <string>

namespace microblog::app {

// Sets up the default logger, the "access" logger and the "security" logger on standard
// output, as JSON lines (LOG_FORMAT=json, for log shippers) or as plain text (LOG_FORMAT=text,
// for people).
void init_logging(const std::string& format, const std::string& level);

}  // namespace microblog::app
