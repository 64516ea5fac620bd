#include "app/build_info.hpp"

namespace microblog::app {

std::string build_version() {
  return MICROBLOG_VERSION;
}

std::string build_commit() {
  return MICROBLOG_COMMIT;
}

}  // namespace microblog::app
