#pragma once

#include <string>

namespace microblog::testing {

// The value of the series `series` (its name and labels exactly as the text format writes
// them) in a metrics page, or -1 when the page has no such series.
inline double metric_value(const std::string& text, const std::string& series) {
  const std::string line = series + " ";
  std::size_t at = 0;
  if (text.compare(0, line.size(), line) != 0) {
    at = text.find('\n' + line);
    if (at == std::string::npos) {
      return -1;
    }
    ++at;
  }
  return std::stod(text.substr(at + line.size()));
}

}  // namespace microblog::testing
