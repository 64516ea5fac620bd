#include "http/static_files.hpp"

#include <sys/stat.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include <fmt/format.h>

namespace microblog::http {

std::string_view content_type_for(std::string_view filename) {
  const auto dot = filename.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : filename.substr(dot + 1);
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "png") return "image/png";
  if (ext == "gif") return "image/gif";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "html") return "text/html; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const std::string& relative) {
  // The router never yields empty or '/'-containing segments; refuse dot segments and hidden
  // files here so nothing outside the root (or meant to stay private) is reachable.
  std::string_view rest = relative;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    if (seg.empty() || seg.front() == '.' || seg.find('\0') != std::string_view::npos) {
      return nullptr;
    }
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  }
  const std::string full = root_ + "/" + relative;
  struct stat st {};
  if (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return nullptr;
  }
  const long long mtime =
      static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  const auto size = static_cast<long long>(st.st_size);
  {
    const std::shared_lock lock(mutex_);
    const auto it = cache_.find(relative);
    if (it != cache_.end() && it->second->mtime == mtime && it->second->size == size) {
      return it->second;
    }
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) {
    return nullptr;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  auto entry = std::make_shared<Entry>();
  entry->body = buf.str();
  entry->mtime = mtime;
  entry->size = size;
  entry->etag = fmt::format("\"{:x}-{:x}\"", size, mtime);
  entry->content_type = std::string(content_type_for(relative));
  const std::unique_lock lock(mutex_);
  cache_[relative] = entry;
  return entry;
}

std::optional<Response> StaticFiles::serve(const std::string& relative, const Request& req) {
  const auto entry = load(relative);
  if (!entry) {
    return std::nullopt;
  }
  const bool vendor = relative.rfind("vendor/", 0) == 0;
  const char* cache_control = vendor ? "public, max-age=86400" : "public, max-age=300";
  if (req.header(Field::if_none_match) == entry->etag) {
    Response res{Status::not_modified, 11};
    res.set(Field::etag, entry->etag);
    res.set(Field::cache_control, cache_control);
    return res;
  }
  Response res = make_response(Status::ok, entry->body, entry->content_type);
  res.set(Field::etag, entry->etag);
  res.set(Field::cache_control, cache_control);
  return res;
}

}  // namespace microblog::http
