#pragma once

#include <stdexcept>

namespace microblog::util {

// Something the request needs (the database, most often) cannot be reached right now: the
// answer is 503, not 500. Lower layers throw subclasses; the web layer catches this one.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace microblog::util
