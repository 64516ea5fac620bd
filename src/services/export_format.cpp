#include "services/export_format.hpp"

#include <nlohmann/json.hpp>

#include "util/time_format.hpp"

namespace microblog::services {

std::string export_opening() {
  return "{\n    \"posts\": [";
}

std::string export_entry(std::string_view body, util::Micros created_us, bool first) {
  // ensure_ascii: Python's default, so a reader comparing with the original's files sees the
  // same bytes.
  const std::string text = nlohmann::json(std::string(body)).dump(-1, ' ', true);
  std::string out = first ? "\n" : ",\n";
  out += "        {\n            \"body\": ";
  out += text;
  out += ",\n            \"timestamp\": \"";
  out += export_timestamp(created_us);
  out += "\"\n        }";
  return out;
}

std::string export_closing(long long count) {
  return count == 0 ? "]\n}" : "\n    ]\n}";
}

std::string export_timestamp(util::Micros t) {
  const std::string s = util::iso8601_utc_micros(t);  // ...+00:00
  const auto offset = s.rfind('+');
  return (offset == std::string::npos ? s : s.substr(0, offset)) + "Z";
}

}  // namespace microblog::services
