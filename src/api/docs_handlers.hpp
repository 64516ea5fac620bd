#pragma once

#include <string>

#include "http/message.hpp"
#include "web/context.hpp"
#include "web/routes.hpp"

namespace microblog::api {

// The API's description: the OpenAPI 3.1 document at /api/openapi.json and the Swagger UI page
// at /api/docs, both read once from the static folder (static/api/), where the build puts them
// beside Swagger UI's own files.
class DocsHandlers {
 public:
  explicit DocsHandlers(const std::string& static_dir);

  void register_routes(web::Routes& routes);

 private:
  std::string document_;
  std::string page_;
};

}  // namespace microblog::api
