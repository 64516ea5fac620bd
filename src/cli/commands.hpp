#pragma once

namespace microblog::cli {

// The `microblog` command line: serve, worker, routes, db upgrade|version, user
// create|set-password, translate extract|update|compile, search reindex.
// Returns the process exit code; failures print one line on standard error.
int run(int argc, char** argv);

}  // namespace microblog::cli
