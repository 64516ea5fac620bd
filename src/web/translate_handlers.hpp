#pragma once

#include "services/translation_service.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"

namespace microblog::web {

// POST /translate: JSON {"post_id": N, "dest_language": "es"} in (the language defaults to the
// reader's interface language), {"text": "..."} out; errors as {"error", "message"}.
class TranslateHandlers {
 public:
  TranslateHandlers(services::TranslationService& translations, Views& views);
  void register_routes(Routes& routes);

 private:
  http::Response translate(Context& ctx);

  services::TranslationService& translations_;
  Views& views_;
};

}  // namespace microblog::web
