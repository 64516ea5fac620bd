#pragma once

#include <functional>
#include <string>

#include <ctemplate/template.h>

#include "http/message.hpp"
#include "services/field_errors.hpp"
#include "services/session_service.hpp"

namespace microblog::web {

using Dictionary = ctemplate::TemplateDictionary;

// Renders pages: templates/base.tpl around a content template, with the navigation, the
// flashed messages and the CSRF token of the visitor's session.
class Views {
 public:
  Views(const std::string& templates_dir, services::SessionService& sessions);

  using Fill = std::function<void(Dictionary& content)>;

  http::Response page(http::Request& req, http::Status status, const std::string& title,
                      const std::string& content_template, const Fill& fill);

  // An error answer: JSON {"error": reason, "message": ...} when the client prefers JSON,
  // else the branded page.
  http::Response error(http::Request& req, http::Status status, const std::string& message = {});

 private:
  services::SessionService& sessions_;
};

// Sets X_VALUE, X_INVALID and the X_ERROR section for form field `name` (X is its upper case).
void set_field(Dictionary& d, const std::string& name, const std::string& value,
               const services::FieldErrors& errors);
void set_form_error(Dictionary& d, const std::string& message);

// "https://www.gravatar.com/avatar/<md5>?d=identicon&s=<size>"
std::string avatar_url(const std::string& email, int size);

}  // namespace microblog::web
