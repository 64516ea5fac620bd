#pragma once

#include <string>

#include "db/database.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace microblog::web {

// Routes that need no session: /healthz, /readyz, /static/<path>, and, in tests only,
// /_test/hold and /_test/fail. They are matched before the session middleware so that probes and
// assets never touch the session table.
class SystemHandlers {
 public:
  SystemHandlers(db::Database& db, http::StaticFiles& static_files, std::string test_hold_dir);
  void register_routes(http::Router& router);

 private:
  http::Response healthz(http::Request& req);
  http::Response readyz(http::Request& req);
  http::Response static_file(http::Request& req);
  http::Response test_hold(http::Request& req);

  db::Database& db_;
  http::StaticFiles& static_files_;
  std::string test_hold_dir_;
};

}  // namespace microblog::web
