#include "support/openapi_check.hpp"

#include <fstream>
#include <regex>

namespace microblog::testing {
namespace {

bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "object") {
    return value.is_object();
  }
  if (type == "array") {
    return value.is_array();
  }
  if (type == "string") {
    return value.is_string();
  }
  if (type == "integer") {
    return value.is_number_integer();
  }
  if (type == "number") {
    return value.is_number();
  }
  if (type == "boolean") {
    return value.is_boolean();
  }
  if (type == "null") {
    return value.is_null();
  }
  return false;
}

// The documented path template that `path` matches ("/api/users/7" -> "/api/users/{id}").
std::string template_of(const nlohmann::json& paths, const std::string& path) {
  for (const auto& [t, item] : paths.items()) {
    const std::regex re("^" + std::regex_replace(t, std::regex(R"(\{[^}]+\})"), "[^/]+") + "$");
    if (std::regex_match(path, re)) {
      return t;
    }
  }
  return {};
}

}  // namespace

const OpenApiCheck& OpenApiCheck::repository() {
  static const OpenApiCheck check([] {
    std::ifstream in(std::string(MICROBLOG_TEST_SUPPORT_DIR) + "/../../static/api/openapi.json");
    return nlohmann::json::parse(in, nullptr, false);
  }());
  return check;
}

const nlohmann::json& OpenApiCheck::resolve(const nlohmann::json& node) const {
  const nlohmann::json* n = &node;
  while (n->is_object() && n->contains("$ref")) {
    const std::string ref = (*n)["$ref"];
    n = &doc_.at(nlohmann::json::json_pointer(ref.substr(1)));
  }
  return *n;
}

std::string OpenApiCheck::validate(const nlohmann::json& schema_in, const nlohmann::json& value,
                                   const std::string& where) const {
  const auto& schema = resolve(schema_in);
  if (const auto t = schema.find("type"); t != schema.end()) {
    bool ok = false;
    if (t->is_array()) {
      for (const auto& one : *t) {
        ok = ok || has_type(value, one.get<std::string>());
      }
    } else {
      ok = has_type(value, t->get<std::string>());
    }
    if (!ok) {
      return where + ": " + value.dump() + " is not of type " + t->dump();
    }
  }
  if (value.is_object()) {
    for (const auto& name : schema.value("required", nlohmann::json::array())) {
      if (!value.contains(name.get<std::string>())) {
        return where + ": missing " + name.get<std::string>();
      }
    }
    const auto props = schema.value("properties", nlohmann::json::object());
    for (const auto& [key, member] : value.items()) {
      if (props.contains(key)) {
        if (auto e = validate(props[key], member, where + "." + key); !e.empty()) {
          return e;
        }
      } else if (schema.value("additionalProperties", true) == false) {
        return where + ": undocumented member " + key;
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto e = validate(schema["items"], value[i], where + "[" + std::to_string(i) + "]");
          !e.empty()) {
        return e;
      }
    }
  }
  if (value.is_number()) {
    if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
      return where + ": below the minimum";
    }
    if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>()) {
      return where + ": above the maximum";
    }
  }
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<std::size_t>()) {
      return where + ": shorter than minLength";
    }
    if (schema.contains("maxLength") && s.size() > schema["maxLength"].get<std::size_t>()) {
      return where + ": longer than maxLength";
    }
    if (schema.contains("pattern") &&
        !std::regex_search(s, std::regex(schema["pattern"].get<std::string>()))) {
      return where + ": " + s + " does not match " + schema["pattern"].get<std::string>();
    }
  }
  return {};
}

std::string OpenApiCheck::check(const std::string& method, const std::string& target, int status,
                                const nlohmann::json& body) const {
  if (doc_.is_discarded()) {
    return "static/api/openapi.json is not JSON";
  }
  const std::string path = target.substr(0, target.find('?'));
  const std::string what = method + " " + target + " -> " + std::to_string(status);
  const std::string t = template_of(doc_["paths"], path);
  std::string verb = method;
  for (auto& c : verb) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const nlohmann::json error_schema = {{"$ref", "#/components/schemas/Error"}};
  if (t.empty() || status == 405) {
    // An unknown path, or a method the path does not take: the error shape, and nothing
    // documented for that method.
    if (status == 405 && !t.empty() && doc_["paths"][t].contains(verb)) {
      return what + ": the document has this method";
    }
    if (status != 404 && status != 405 && status != 429) {
      return what + ": not in the document";
    }
    return validate(error_schema, body, what);
  }
  if (!doc_["paths"][t].contains(verb)) {
    return what + ": " + verb + " " + t + " is not documented";
  }
  const auto& responses = doc_["paths"][t][verb]["responses"];
  const std::string code = std::to_string(status);
  if (!responses.contains(code)) {
    return what + ": status not documented for " + verb + " " + t;
  }
  const auto& response = resolve(responses[code]);
  if (!response.contains("content")) {
    return body.is_null() ? std::string() : what + ": a body where none is documented";
  }
  return validate(response["content"]["application/json"]["schema"], body, what);
}

}  // namespace microblog::testing
