#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace microblog::testing {

// Checks API answers against the repository's OpenAPI document (static/api/openapi.json), so
// that every request the C++ contract tests make, on either backend, is also a check that the
// document says what the server does. It understands the part of JSON Schema 2020-12 the
// document uses ($ref, type, required, properties, additionalProperties, items, minimum,
// maximum, minLength, maxLength, pattern) and ignores annotations; the full validation is
// ajv's, in tests/e2e/api_contract.test.mjs.
class OpenApiCheck {
 public:
  explicit OpenApiCheck(nlohmann::json document) : doc_(std::move(document)) {}
  // The document of this repository, read once.
  static const OpenApiCheck& repository();

  // "" when the answer (its status, and its body: null for none) is one the document describes
  // for the method and target; otherwise what differs.
  std::string check(const std::string& method, const std::string& target, int status,
                    const nlohmann::json& body) const;

 private:
  std::string validate(const nlohmann::json& schema, const nlohmann::json& value,
                       const std::string& where) const;
  const nlohmann::json& resolve(const nlohmann::json& node) const;

  nlohmann::json doc_;
};

}  // namespace microblog::testing
