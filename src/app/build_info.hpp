#pragma once

#include <string>

namespace microblog::app {

// The running build, as CMake configured it: the project's version and the git commit
// ("unknown" outside a git tree). microblog_build_info, `microblog --version` and the DogStatsD
// version tag say the same.
std::string build_version();
std::string build_commit();

}  // namespace microblog::app
