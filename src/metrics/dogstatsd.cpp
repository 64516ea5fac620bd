#include "metrics/dogstatsd.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace microblog::metrics {
namespace {

// The protocol's separators can't appear inside a name or a tag: `:` ends a name, `|` a field,
// `,` a tag, `#` starts the tags, and a newline ends the metric.
std::string clean(std::string text, bool in_name) {
  for (char& c : text) {
    if (c == '|' || c == ',' || c == '#' || c == '\n' || c == '\r' || (in_name && c == ':')) {
      c = '_';
    }
  }
  return text;
}

// Whole numbers as integers (counts, bytes, seconds since the epoch), others as the shortest
// text that reads back the same.
std::string value_text(double v) {
  if (std::trunc(v) == v && std::fabs(v) < 1e15) {
    return fmt::format("{}", static_cast<long long>(v));
  }
  return fmt::format("{}", v);
}

std::string tag_text(const Labels& labels, const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& [k, v] : labels) {
    out += out.empty() ? "" : ",";
    out += clean(k, true) + ":" + clean(v, false);
  }
  for (const auto& t : tags) {
    // A series' own label wins over a tag of the same key (microblog_build_info's version).
    const auto key = t.substr(0, t.find(':'));
    if (std::any_of(labels.begin(), labels.end(), [&](const auto& l) { return l.first == key; })) {
      continue;
    }
    out += out.empty() ? "" : ",";
    out += clean(t, false);
  }
  return out;
}

}  // namespace

std::vector<std::string> dogstatsd_lines(const std::vector<Sample>& samples,
                                         std::map<std::string, double>& previous,
                                         const std::vector<std::string>& tags) {
  std::vector<std::string> lines;
  for (const auto& s : samples) {
    if (!std::isfinite(s.value)) {
      continue;
    }
    const std::string name = clean(s.name, true);
    const std::string tagged = tag_text(s.labels, tags);
    const std::string suffix = tagged.empty() ? "" : "|#" + tagged;
    if (!s.cumulative) {
      lines.push_back(fmt::format("{}:{}|g{}", name, value_text(s.value), suffix));
      continue;
    }
    double& last = previous[name + suffix];
    // A series that went down was started again (a counter read from elsewhere): all of its
    // value is new.
    double delta = s.value >= last ? s.value - last : s.value;
    // Fractional counters are seconds, kept to the microsecond: the subtraction's rounding
    // noise (0.000343 read as 0.00034299999999999956) is not part of the value.
    if (std::trunc(delta) != delta) {
      delta = std::round(delta * 1e6) / 1e6;
    }
    last = s.value;
    if (delta != 0) {
      lines.push_back(fmt::format("{}:{}|c{}", name, value_text(delta), suffix));
    }
  }
  return lines;
}

std::vector<std::string> dogstatsd_packets(const std::vector<std::string>& lines,
                                           std::size_t max_bytes) {
  std::vector<std::string> packets;
  std::string current;
  for (const auto& line : lines) {
    if (!current.empty() && current.size() + 1 + line.size() > max_bytes) {
      packets.push_back(std::move(current));
      current.clear();
    }
    current += current.empty() ? "" : "\n";
    current += line;
  }
  if (!current.empty()) {
    packets.push_back(std::move(current));
  }
  return packets;
}

std::vector<std::string> split_dogstatsd_tags(const std::string& text) {
  std::vector<std::string> tags;
  std::string current;
  for (const char c : text + " ") {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!current.empty()) {
        tags.push_back(std::move(current));
        current.clear();
      }
    } else {
      current += c;
    }
  }
  return tags;
}

DogStatsd::DogStatsd(const Registry& registry, DogStatsdOptions options)
    : registry_(registry), options_(std::move(options)), thread_([this] { loop(); }) {}

DogStatsd::~DogStatsd() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  flush();
  if (socket_ >= 0) {
    ::close(socket_);
  }
}

void DogStatsd::loop() {
  std::unique_lock lock(mutex_);
  while (!cv_.wait_for(lock, options_.interval, [this] { return stop_; })) {
    lock.unlock();
    flush();
    lock.lock();
  }
}

void DogStatsd::flush() {
  const std::lock_guard lock(flush_mutex_);
  const auto lines = dogstatsd_lines(registry_.samples(), previous_, options_.tags);
  if (!lines.empty()) {
    send(dogstatsd_packets(lines, options_.max_packet_bytes));
  }
}

void DogStatsd::send(const std::vector<std::string>& packets) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  if (const int rc = ::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    if (!warned_) {
      spdlog::warn("DogStatsD: cannot resolve DD_AGENT_HOST {}: {}; metrics are not sent",
                   options_.host, ::gai_strerror(rc));
      warned_ = true;
    }
    return;
  }
  if (warned_) {
    spdlog::info("DogStatsD: {} resolves again; sending metrics", options_.host);
    warned_ = false;
  }
  if (socket_ >= 0 && socket_family_ != found->ai_family) {
    ::close(socket_);
    socket_ = -1;
  }
  if (socket_ < 0) {
    // Non-blocking: a full send buffer drops a datagram instead of holding the flush.
    socket_ = ::socket(found->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    socket_family_ = found->ai_family;
  }
  // A datagram that can't go now (a full buffer) is dropped with the counts it carried: UDP
  // promises no more, and the agent counts nothing twice.
  for (const auto& p : packets) {
    if (socket_ >= 0) {
      ::sendto(socket_, p.data(), p.size(), 0, found->ai_addr, found->ai_addrlen);
    }
  }
  ::freeaddrinfo(found);
}

}  // namespace microblog::metrics
