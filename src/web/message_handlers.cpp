#include "web/message_handlers.hpp"

#include <nlohmann/json.hpp>

#include "i18n/fill.hpp"
#include "util/time_format.hpp"
#include "web/notification_since.hpp"
#include "web/post_list.hpp"

namespace microblog::web {

MessageHandlers::MessageHandlers(services::MessageService& messages,
                                 services::NotificationService& notifications,
                                 services::SessionService& sessions, Views& views)
    : messages_(messages), notifications_(notifications), sessions_(sessions), views_(views) {}

void MessageHandlers::register_routes(Routes& routes) {
  routes.group("", kSignedInPages)
      .get("/send_message/<recipient>", [this](Context& c) { return send_form(c); })
      .post("/send_message/<recipient>", [this](Context& c) { return send(c); })
      .get("/messages", [this](Context& c) { return inbox(c); });
  // Polled by the page's script: a signed-out visitor gets a JSON 401, not the sign-in page.
  routes.group("", kSignedInJson).get("/notifications", [this](Context& c) {
    return notifications(c);
  });
}

http::Response MessageHandlers::send_form(Context& ctx) {
  const auto r = messages_.may_send(ctx.session().user_id, ctx.req.path_params["recipient"]);
  if (r.kind != services::MessageResult::Kind::allowed) {
    return refused(ctx, r);
  }
  return render_form(ctx, http::Status::ok, r.recipient, "", {});
}

http::Response MessageHandlers::send(Context& ctx) {
  auto& session = ctx.session();
  const auto it = ctx.req.form().find("message");
  const std::string body = it == ctx.req.form().end() ? std::string() : it->second;
  const auto r = messages_.send(session.user_id, ctx.req.path_params["recipient"], body);
  using Kind = services::MessageResult::Kind;
  switch (r.kind) {
    case Kind::sent:
      sessions_.add_flash(session, "success", ctx.t("Your message has been sent."));
      return http::redirect_response("/user/" + r.recipient);
    case Kind::invalid:
      // The text as typed, so that nothing is lost while fixing it.
      return render_form(ctx, http::Status::ok, r.recipient, body, r.errors);
    case Kind::limited: {
      auto res = render_form(
          ctx, http::Status::too_many_requests, r.recipient, body, {},
          ctx.tn("You are sending messages too often. Your message was not sent: please wait {n} "
                 "second and send it again.",
                 "You are sending messages too often. Your message was not sent: please wait {n} "
                 "seconds and send it again.",
                 r.retry_after_seconds));
      res.set(http::Field::retry_after, std::to_string(r.retry_after_seconds));
      return res;
    }
    default:
      return refused(ctx, r);
  }
}

http::Response MessageHandlers::refused(Context& ctx, const services::MessageResult& result) {
  // Names are letters, digits, '.', '-' and '_' (services::check_username): safe in a path.
  if (result.kind == services::MessageResult::Kind::self) {
    sessions_.add_flash(ctx.session(), "warning",
                        ctx.t("You cannot send a private message to yourself."));
    return http::redirect_response("/user/" + result.recipient);
  }
  return views_.error(ctx, http::Status::not_found, ctx.t("There is no user by that name."));
}

http::Response MessageHandlers::render_form(Context& ctx, http::Status status,
                                            const std::string& recipient, const std::string& value,
                                            const services::FieldErrors& errors,
                                            std::string form_error) {
  if (form_error.empty() && !errors.empty()) {
    form_error = ctx.t("Your message was not sent. Please correct it below.");
  }
  const std::string title =
      i18n::fill(ctx.t("Send a message to {username}"), {{"username", recipient}});
  return views_.page(ctx, status, title, "send_message.tpl", [&](Dictionary& d) {
    d.SetValue("HEADING", title);
    d.SetValue("RECIPIENT", recipient);
    set_field(ctx.language(), d, "message", value, errors);
    if (!form_error.empty()) {
      set_form_error(d, form_error);
    }
  });
}

http::Response MessageHandlers::inbox(Context& ctx) {
  const auto page = messages_.open_inbox(ctx.session().user_id, page_request(ctx.req));
  ctx.unread_messages.set(0);  // opened: the badge read with the session is out of date
  return views_.page(ctx, http::Status::ok, ctx.t("Messages"), "messages.tpl", [&](Dictionary& d) {
    for (const auto& m : page.rows) {
      auto* row = d.AddSectionDictionary("MESSAGE_ROW");
      row->SetIntValue("ID", static_cast<long>(m.id));
      row->SetValue("SENDER", m.sender_username);
      row->SetValue("SENDER_AVATAR_URL", avatar_url(m.sender_avatar, 70));
      row->SetValue("TIMESTAMP_ISO", util::iso8601_utc(m.created_us));
      row->SetValue("TIMESTAMP_TEXT", util::readable_utc(m.created_us));
      row->SetValue("BODY", m.body);
    }
    if (page.rows.empty()) {
      d.ShowSection("NO_MESSAGES");
    }
    set_page_links(d, page, "/messages");
  });
}

http::Response MessageHandlers::notifications(Context& ctx) {
  const auto since = notification_since(ctx.req);
  if (!since) {
    return views_.error(ctx, http::Status::bad_request,
                        ctx.t("The since parameter must be a number of seconds."));
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& n : notifications_.since(ctx.session().user_id, *since)) {
    list.push_back({{"name", n.name},
                    {"data", nlohmann::json::parse(n.payload_json, nullptr, false)},
                    {"timestamp", seconds_of(n.created_us)}});
  }
  auto res = http::json_response(http::Status::ok, list.dump());
  res.set(http::Field::cache_control, "no-store");
  return res;
}

}  // namespace microblog::web
