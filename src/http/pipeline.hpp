#pragma once

#include <functional>
#include <vector>

#include "http/message.hpp"

namespace microblog::http {

using Handler = std::function<Response(Request&)>;

// A middleware sees the request first and the response last; it calls `next` to go on.
using Next = std::function<Response(Request&)>;
using Middleware = std::function<Response(Request&, const Next& next)>;

// Middlewares in the order added, ending in `endpoint` (usually the router's dispatch).
class Pipeline {
 public:
  void use(Middleware m) { middlewares_.push_back(std::move(m)); }
  void set_endpoint(Handler endpoint) { endpoint_ = std::move(endpoint); }

  Response handle(Request& req) const { return call(0, req); }

 private:
  Response call(std::size_t index, Request& req) const {
    if (index == middlewares_.size()) {
      return endpoint_(req);
    }
    return middlewares_[index](req, [this, index](Request& r) { return call(index + 1, r); });
  }

  std::vector<Middleware> middlewares_;
  Handler endpoint_;
};

}  // namespace microblog::http
