#include "web/views.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "util/crypto.hpp"
#include "web/language_choice.hpp"
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

std::string error_title(const i18n::Language& lang, http::Status status) {
  switch (status) {
    case http::Status::not_found:
      return lang.t("Page not found");
    case http::Status::method_not_allowed:
      return lang.t("Method not allowed");
    case http::Status::payload_too_large:
      return lang.t("Request too large");
    case http::Status::too_many_requests:
      return lang.t("Too many requests");
    case http::Status::forbidden:
      return lang.t("Forbidden");
    case http::Status::bad_request:
      return lang.t("Bad request");
    case http::Status::service_unavailable:
      return lang.t("Temporarily unavailable");
    default:
      return lang.t("Something went wrong");
  }
}

std::string default_message(const i18n::Language& lang, http::Status status) {
  switch (status) {
    case http::Status::not_found:
      return lang.t("There is nothing at this address.");
    case http::Status::method_not_allowed:
      return lang.t("This address does not accept that kind of request.");
    case http::Status::payload_too_large:
      return lang.t("What you sent is larger than this site accepts.");
    case http::Status::request_header_fields_too_large:
      return lang.t("The request headers are larger than this site accepts.");
    case http::Status::too_many_requests:
      return lang.t("Please wait a little before trying again.");
    case http::Status::forbidden:
      return lang.t("You are not allowed to do that.");
    case http::Status::request_timeout:
      return lang.t("The request took too long to arrive.");
    case http::Status::service_unavailable:
      return lang.t("The site cannot serve this right now. Please try again shortly.");
    default:
      return lang.t("An unexpected error occurred. The administrators have been told about it.");
  }
}

// Where the language selector sends the visitor back to: this page, as a GET. Never a path with
// a secret in it (a reset link): that would copy the token into the page.
std::string back_here(const http::Request& req) {
  if (req.path_params.contains(std::string(kSecretParam))) {
    return "/index";
  }
  return req.method() == http::Verb::get ? req.target() : req.path;
}

}  // namespace

std::size_t bytes_of(const PageFrame& frame) {
  std::size_t n = frame.slots.size();
  for (const auto& part : frame.parts) {
    n += part.size();
  }
  return n;
}

Views::Views(const i18n::Languages& languages, services::SessionService& sessions,
             std::size_t frame_cache_bytes)
    : languages_(languages),
      sessions_(sessions),
      frames_(frame_cache_bytes),
      csrf_mark_("csrf" + util::random_token()),
      posts_mark_("posts" + util::random_token()) {}

http::Response Views::page(Context& ctx, http::Status status, const std::string& title,
                           const std::string& content_template, const Fill& fill) {
  std::string html;
  // Room for a page with a full post list (about 24 KB): no copying while it grows.
  html.reserve(32 * 1024);
  expand_page(ctx, title, content_template, fill, nullptr, html);
  auto res = http::html_response(status, std::move(html));
  res.set(http::Field::cache_control, "no-store");
  return res;
}

http::Response Views::list_page(Context& ctx, const std::string& title,
                                const std::string& content_template, const std::string& content_key,
                                const Fill& fill, const std::shared_ptr<const std::string>& posts) {
  services::Session* session = ctx.session_if_any();
  // Flashed messages show once, and the export bar moves: such pages are expanded whole.
  if (!frames_.enabled() || session == nullptr || !session->logged_in() ||
      !session->flashes.empty() || ctx.export_task.get()) {
    return page(ctx, http::Status::ok, title, content_template, [&](Dictionary& d) {
      fill(d);
      d.SetValueWithoutCopy("POSTS_HTML", *posts);
    });
  }
  // Everything the frame shows besides the token and the list.
  std::string key = ctx.language().code();
  for (const std::string* part : std::initializer_list<const std::string*>{
           &content_template, &title, &session->username, &content_key}) {
    key += '\n';
    key += *part;
  }
  key += '\n';
  key += std::to_string(ctx.unread_messages.get());
  key += '\n';
  key += back_here(ctx.req);
  auto frame = frames_.find(key, 0);
  if (!frame) {
    frame = make_frame(ctx, title, content_template, fill);
    frames_.store(key, 0, frame);
  }
  const std::string token = sessions_.csrf_token(*session);
  std::string html;
  html.reserve(bytes_of(*frame) + posts->size() + frame->slots.size() * token.size());
  for (std::size_t i = 0; i < frame->parts.size(); ++i) {
    html += frame->parts[i];
    if (i < frame->slots.size()) {
      html += frame->slots[i] == PageFrame::Slot::csrf_token ? token : *posts;
    }
  }
  auto res = http::html_response(http::Status::ok, std::move(html));
  res.set(http::Field::cache_control, "no-store");
  return res;
}

std::shared_ptr<const PageFrame> Views::make_frame(Context& ctx, const std::string& title,
                                                   const std::string& content_template,
                                                   const Fill& fill) {
  std::string html;
  html.reserve(8 * 1024);
  expand_page(
      ctx, title, content_template,
      [&](Dictionary& d) {
        fill(d);
        d.SetValue("POSTS_HTML", posts_mark_);
      },
      &csrf_mark_, html);
  auto frame = std::make_shared<PageFrame>();
  std::size_t from = 0;
  for (;;) {
    const std::size_t csrf = html.find(csrf_mark_, from);
    const std::size_t posts = html.find(posts_mark_, from);
    const std::size_t at = std::min(csrf, posts);
    if (at == std::string::npos) {
      break;
    }
    frame->parts.push_back(html.substr(from, at - from));
    frame->slots.push_back(at == csrf ? PageFrame::Slot::csrf_token : PageFrame::Slot::posts);
    from = at + (at == csrf ? csrf_mark_.size() : posts_mark_.size());
  }
  frame->parts.push_back(html.substr(from));
  return frame;
}

void Views::expand_page(Context& ctx, const std::string& title, const std::string& content_template,
                        const Fill& fill, const std::string* csrf_token, std::string& out) {
  Dictionary top("page");
  top.SetValue("LANG", ctx.language().code());
  top.SetValue("PAGE_TITLE", title);
  services::Session* session = ctx.session_if_any();
  if (session != nullptr) {
    // Included templates do not see the including dictionary; template-global values they do.
    top.SetTemplateGlobalValue(
        "CSRF_TOKEN", csrf_token != nullptr ? *csrf_token : sessions_.csrf_token(*session));
    // The selector posts with the session's CSRF token, so only pages with a session show it.
    auto* selector = top.AddSectionDictionary("LANGUAGE_FORM");
    selector->SetValue("NEXT", back_here(ctx.req));
    for (const auto& code : languages_.codes()) {
      auto* option = selector->AddSectionDictionary("LANGUAGE_OPTION");
      option->SetValue("CODE", code);
      option->SetValue("NAME", language_name(code));
      option->SetValue("SELECTED", code == ctx.language().code() ? "selected" : "");
    }
    for (const auto& f : sessions_.take_flashes(*session)) {
      auto* flash = top.AddSectionDictionary("FLASH");
      flash->SetValue("CATEGORY", f.category);
      flash->SetValue("MESSAGE", f.message);
    }
  }
  if (session != nullptr && session->logged_in()) {
    top.SetValue("USERNAME", session->username);
    const int unread = ctx.unread_messages.get();
    top.SetIntValue("UNREAD_COUNT", unread);
    // Hidden rather than left out, so that notifications.js can show it when a message comes.
    top.SetValue("UNREAD_HIDDEN", unread == 0 ? " d-none" : "");
    top.ShowSection("NAV_USER");
    if (const auto& task = ctx.export_task.get()) {
      auto* bar = top.AddSectionDictionary("EXPORT_TASK");
      bar->SetIntValue("TASK_ID", static_cast<long>(task->job_id));
      bar->SetIntValue("PROGRESS", task->percent);
    }
  } else {
    top.ShowSection("NAV_ANON");
  }
  auto* content = top.AddIncludeDictionary("CONTENT");
  content->SetFilename(content_template);
  if (fill) {
    fill(*content);
  }
  ctx.language().templates().expand("base.tpl", top, util::Templates::Blank::strip, out);
}

http::Response Views::fragment(Context& ctx, const std::string& content_template,
                               const Fill& fill) {
  Dictionary d("fragment");
  if (services::Session* session = ctx.session_if_any(); session != nullptr) {
    d.SetValue("CSRF_TOKEN", sessions_.csrf_token(*session));
  }
  if (fill) {
    fill(d);
  }
  std::string html;
  ctx.language().templates().expand(content_template, d, util::Templates::Blank::strip, html);
  auto res = http::html_response(http::Status::ok, std::move(html));
  res.set(http::Field::cache_control, "private, no-store");
  return res;
}

http::Response Views::error(Context& ctx, http::Status status, const std::string& message) {
  const std::string text = message.empty() ? default_message(ctx.language(), status) : message;
  if (ctx.policy.errors == ErrorFormat::json || prefers_json(ctx.req)) {
    nlohmann::json body = {{"error", std::string(http::beast_http::obsolete_reason(status))}};
    if (!message.empty()) {
      body["message"] = message;
    }
    return http::json_response(status, body.dump());
  }
  const std::string title = error_title(ctx.language(), status);
  return page(ctx, status, title, "error.tpl", [&](Dictionary& d) {
    d.SetIntValue("STATUS", static_cast<long>(status));
    d.SetValue("TITLE", title);
    d.SetValue("MESSAGE", text);
    d.SetValue("REQUEST_ID", ctx.req.request_id);
  });
}

void set_field(const i18n::Language& lang, Dictionary& d, const std::string& name,
               const std::string& value, const services::FieldErrors& errors) {
  const std::string key = upper(name);
  d.SetValue(key + "_VALUE", value);
  const auto it = errors.find(name);
  if (it != errors.end()) {
    d.SetValue(key + "_INVALID", " is-invalid");
    d.AddSectionDictionary(key + "_ERROR")
        ->SetValue("MESSAGE", field_message(lang, name, it->second));
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
