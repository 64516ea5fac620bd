#pragma once

#include <map>
#include <string>

#include "config/config.hpp"

namespace microblog::testing {

// The configuration `serve` would load from exactly these environment variables.
inline config::Config load_config_from(const std::map<std::string, std::string>& env) {
  return config::load_config([&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace microblog::testing
