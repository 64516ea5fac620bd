#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>

#include "http/message.hpp"

namespace microblog::http {

// Serves files below one folder with ETag revalidation and Cache-Control. Files are kept in
// memory after the first read and re-read when their size or modification time changes.
class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  // `relative` is the decoded path below the root; nothing when there is no such file.
  std::optional<Response> serve(const std::string& relative, const Request& req);

 private:
  struct Entry {
    std::string etag;
    std::string content_type;
    std::string body;
    long long mtime = 0;
    long long size = 0;
  };
  std::shared_ptr<const Entry> load(const std::string& relative);

  std::string root_;
  std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const Entry>> cache_;
};

std::string_view content_type_for(std::string_view filename);

}  // namespace microblog::http
