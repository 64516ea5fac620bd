#pragma once

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace microblog::testing {

// The JSON lines of a server's standard output whose "msg" is `msg` ("request" for the access
// log, "security" for security events), in order; other lines are skipped.
inline std::vector<nlohmann::json> json_log_lines(const std::string& out, std::string_view msg) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("msg", "") == msg) {
      lines.push_back(j);
    }
  }
  return lines;
}

}  // namespace microblog::testing
