#pragma once

#include <string>
#include <vector>

#include "http/pipeline.hpp"
#include "web/routes.hpp"

namespace microblog::api {

// Cross-origin access to /api/ for the origins of CORS_ORIGINS (exact "scheme://host[:port]",
// or "*" for any): their requests get Access-Control-Allow-Origin, and OPTIONS answers the
// browser's preflight with the methods the path's routes take. Other origins get no CORS
// header, so browsers keep their scripts out; no cookie is involved (the API uses bearer
// tokens), so none is allowed. Paths outside /api/ are passed on untouched.
http::Middleware cors(const web::Routes& routes, std::vector<std::string> origins);

}  // namespace microblog::api
