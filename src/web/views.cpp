#include "web/views.hpp"

#include <nlohmann/json.hpp>

#include "web/wording.hpp"

namespace microblog::web {
namespace {

std::string upper(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

std::string error_title(http::Status status) {
  switch (status) {
    case http::Status::not_found:
      return "Page not found";
    case http::Status::method_not_allowed:
      return "Method not allowed";
    case http::Status::payload_too_large:
      return "Request too large";
    case http::Status::too_many_requests:
      return "Too many requests";
    case http::Status::forbidden:
      return "Forbidden";
    case http::Status::bad_request:
      return "Bad request";
    case http::Status::service_unavailable:
      return "Temporarily unavailable";
    default:
      return "Something went wrong";
  }
}

std::string default_message(http::Status status) {
  switch (status) {
    case http::Status::not_found:
      return "There is nothing at this address.";
    case http::Status::method_not_allowed:
      return "This address does not accept that kind of request.";
    case http::Status::payload_too_large:
      return "What you sent is larger than this site accepts.";
    case http::Status::request_header_fields_too_large:
      return "The request headers are larger than this site accepts.";
    case http::Status::too_many_requests:
      return "Please wait a little before trying again.";
    case http::Status::forbidden:
      return "You are not allowed to do that.";
    case http::Status::request_timeout:
      return "The request took too long to arrive.";
    case http::Status::service_unavailable:
      return "The site cannot serve this right now. Please try again shortly.";
    default:
      return "An unexpected error occurred. The administrators have been told about it.";
  }
}

}  // namespace

Views::Views(const i18n::Languages& languages, services::SessionService& sessions)
    : languages_(languages), sessions_(sessions) {}

http::Response Views::page(Context& ctx, http::Status status, const std::string& title,
                           const std::string& content_template, const Fill& fill) {
  Dictionary top("page");
  top.SetValue("LANG", ctx.language().code());
  top.SetValue("PAGE_TITLE", title);
  services::Session* session = ctx.session_if_any();
  if (session != nullptr) {
    // Included templates do not see the including dictionary; template-global values they do.
    top.SetTemplateGlobalValue("CSRF_TOKEN", sessions_.csrf_token(*session));
    for (const auto& f : sessions_.take_flashes(*session)) {
      auto* flash = top.AddSectionDictionary("FLASH");
      flash->SetValue("CATEGORY", f.category);
      flash->SetValue("MESSAGE", f.message);
    }
  }
  if (session != nullptr && session->logged_in()) {
    top.SetValue("USERNAME", session->username);
    top.ShowSection("NAV_USER");
  } else {
    top.ShowSection("NAV_ANON");
  }
  auto* content = top.AddIncludeDictionary("CONTENT");
  content->SetFilename(content_template);
  if (fill) {
    fill(*content);
  }
  std::string html;
  // Room for a page with a full post list (about 24 KB): no copying while it grows.
  html.reserve(32 * 1024);
  ctx.language().templates().expand("base.tpl", top, util::Templates::Blank::strip, html);
  auto res = http::html_response(status, std::move(html));
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response Views::error(Context& ctx, http::Status status, const std::string& message) {
  const std::string text = message.empty() ? default_message(status) : message;
  if (ctx.policy.errors == ErrorFormat::json || prefers_json(ctx.req)) {
    nlohmann::json body = {{"error", std::string(http::beast_http::obsolete_reason(status))}};
    if (!message.empty()) {
      body["message"] = message;
    }
    return http::json_response(status, body.dump());
  }
  return page(ctx, status, error_title(status), "error.tpl", [&](Dictionary& d) {
    d.SetIntValue("STATUS", static_cast<long>(status));
    d.SetValue("TITLE", error_title(status));
    d.SetValue("MESSAGE", text);
    d.SetValue("REQUEST_ID", ctx.req.request_id);
  });
}

void set_field(Dictionary& d, const std::string& name, const std::string& value,
               const services::FieldErrors& errors) {
  const std::string key = upper(name);
  d.SetValue(key + "_VALUE", value);
  const auto it = errors.find(name);
  if (it != errors.end()) {
    d.SetValue(key + "_INVALID", " is-invalid");
    d.AddSectionDictionary(key + "_ERROR")->SetValue("MESSAGE", field_message(name, it->second));
  } else {
    d.SetValue(key + "_INVALID", "");
  }
}

void set_form_error(Dictionary& d, const std::string& message) {
  d.AddSectionDictionary("FORM_ERROR")->SetValue("MESSAGE", message);
}

std::string avatar_url(const std::string& avatar_hash, int size) {
  return "https://www.gravatar.com/avatar/" + avatar_hash +
         "?d=identicon&s=" + std::to_string(size);
}

}  // namespace microblog::web
