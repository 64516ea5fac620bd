#include "web/translate_handlers.hpp"

#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace microblog::web {
namespace {

bool is_json(std::string_view content_type) {
  const auto semi = content_type.find(';');
  return util::to_lower_ascii(util::trim(content_type.substr(0, semi))) == "application/json";
}

http::Response with_retry_after(http::Response res, int seconds) {
  res.set(http::Field::retry_after, std::to_string(seconds));
  return res;
}

}  // namespace

TranslateHandlers::TranslateHandlers(services::TranslationService& translations, Views& views)
    : translations_(translations), views_(views) {}

void TranslateHandlers::register_routes(Routes& routes) {
  routes.group("", kSignedInJson).post("/translate", [this](Context& c) { return translate(c); });
}

http::Response TranslateHandlers::translate(Context& ctx) {
  using Status = services::TranslationResult::Status;
  if (!is_json(ctx.req.header(http::Field::content_type))) {
    return views_.error(ctx, http::Status::unsupported_media_type,
                        ctx.t("Send the request as application/json."));
  }
  const auto in = nlohmann::json::parse(ctx.req.raw.body(), nullptr, false);
  const auto bad = [&] {
    return views_.error(
        ctx, http::Status::bad_request,
        ctx.t("Send a JSON object with a post_id number and, optionally, a dest_language code."));
  };
  if (!in.is_object() || !in.contains("post_id") || !in["post_id"].is_number_integer()) {
    return bad();
  }
  const auto post_id = in["post_id"].get<long long>();
  std::string language = ctx.language().code();
  if (in.contains("dest_language")) {
    if (!in["dest_language"].is_string()) {
      return bad();
    }
    language = in["dest_language"].get<std::string>();
  }
  if (post_id <= 0) {
    return views_.error(ctx, http::Status::not_found, ctx.t("There is no such post."));
  }

  const auto result = translations_.translate_post(ctx.user_id(), post_id, language);
  switch (result.status) {
    case Status::ok:
      return http::json_response(http::Status::ok, nlohmann::json{{"text", result.text}}.dump());
    case Status::unknown_post:
      return views_.error(ctx, http::Status::not_found, ctx.t("There is no such post."));
    case Status::bad_language:
      return views_.error(ctx, http::Status::bad_request,
                          ctx.t("dest_language must be a language code such as \"es\"."));
    case Status::not_configured:
      return views_.error(ctx, http::Status::service_unavailable,
                          ctx.t("Error: the translation service is not configured."));
    case Status::rate_limited:
      return with_retry_after(
          views_.error(ctx, http::Status::too_many_requests,
                       ctx.t("You are asking for translations too often. Please wait a minute.")),
          result.retry_after_seconds);
    case Status::busy:
      return with_retry_after(
          views_.error(ctx, http::Status::service_unavailable,
                       ctx.t("The translation service is busy just now. Please try again "
                             "shortly.")),
          result.retry_after_seconds);
    case Status::failed:
      return views_.error(ctx, http::Status::bad_gateway,
                          ctx.t("Error: the translation service failed."));
    case Status::timed_out:
      return views_.error(ctx, http::Status::gateway_timeout,
                          ctx.t("Error: the translation service did not answer in time."));
  }
  return views_.error(ctx, http::Status::internal_server_error);
}

}  // namespace microblog::web
