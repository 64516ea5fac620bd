#include "api/docs_handlers.hpp"

#include <fstream>
#include <sstream>

#include "api/answers.hpp"

namespace microblog::api {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Served like a static file: the document changes only with a new build.
http::Response file_answer(const std::string& body, const char* type) {
  if (body.empty()) {
    return error(http::Status::not_found, "the API's documentation is not installed");
  }
  auto res = http::make_response(http::Status::ok, body, type);
  res.set(http::Field::cache_control, "public, max-age=300");
  return res;
}

}  // namespace

DocsHandlers::DocsHandlers(const std::string& static_dir)
    : document_(read_file(static_dir + "/api/openapi.json")),
      page_(read_file(static_dir + "/api/docs.html")) {}

void DocsHandlers::register_routes(web::Routes& routes) {
  routes.group("/api", web::kApi)
      .with(web::Access::anyone)
      .get("/openapi.json",
           [this](web::Context&) { return file_answer(document_, "application/json"); })
      .get("/docs",
           [this](web::Context&) { return file_answer(page_, "text/html; charset=utf-8"); });
}

}  // namespace microblog::api
