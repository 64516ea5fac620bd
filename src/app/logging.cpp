#include "app/logging.hpp"

#include <chrono>
#include <iostream>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "util/text.hpp"

namespace microblog::app {
namespace {

// "%j": the message as a JSON string literal, so that any text makes a valid JSON line.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/,
              spdlog::memory_buf_t& dest) override {
    const std::string quoted =
        util::json_string_literal(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(quoted.data(), quoted.data() + quoted.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

void init_logging(const std::string& format, const std::string& level) {
  // One sink per logger: a logger's pattern is set on its sinks. Both write to std::cout and
  // so to one stdio buffer, each line in one call, so lines never interleave. spdlog's stdout
  // sinks flush after every line: a write system call per request for the access log, 5 % of
  // the server's CPU on a cached page (perf, docs/performance.md). These flush when a
  // logger's flush level is reached and once a second.
  auto app = std::make_shared<spdlog::logger>(
      "microblog", std::make_shared<spdlog::sinks::ostream_sink_mt>(std::cout, false));
  if (format == "json") {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonMessageFlag>('j').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","msg":%j})");
    app->set_formatter(std::move(formatter));
  } else {
    app->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v", spdlog::pattern_time_type::utc);
  }
  app->set_level(spdlog::level::from_str(level));
  app->flush_on(spdlog::level::info);
  spdlog::set_default_logger(app);

  spdlog::drop("access");
  auto access = std::make_shared<spdlog::logger>(
      "access", std::make_shared<spdlog::sinks::ostream_sink_mt>(std::cout, false));
  access->set_pattern("%v");
  // A second's delay in the access log does not matter; a system call per request does.
  access->flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
  spdlog::register_logger(access);

  // Security events (services/security_log.hpp): their messages are JSON members, set into
  // the line's object as fields, so that a log shipper can filter on "event" or "ip".
  spdlog::drop("security");
  auto security = std::make_shared<spdlog::logger>(
      "security", std::make_shared<spdlog::sinks::ostream_sink_mt>(std::cout, false));
  if (format == "json") {
    security->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","msg":"security",%v})",
                          spdlog::pattern_time_type::utc);
  } else {
    security->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ security %v",
                          spdlog::pattern_time_type::utc);
  }
  security->set_level(spdlog::level::from_str(level));
  security->flush_on(spdlog::level::info);
  spdlog::register_logger(security);
}

}  // namespace microblog::app
