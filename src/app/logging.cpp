#include "app/logging.hpp"

#include <chrono>

#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace microblog::app {
namespace {

// "%j": the message as a JSON string literal, so that any text makes a valid JSON line.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/,
              spdlog::memory_buf_t& dest) override {
    const std::string text(msg.payload.data(), msg.payload.size());
    const std::string quoted =
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(quoted.data(), quoted.data() + quoted.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

void init_logging(const std::string& format, const std::string& level) {
  // One sink per logger: a logger's pattern is set on its sinks. Console sinks share one
  // mutex, so lines from the two never interleave.
  auto app = std::make_shared<spdlog::logger>("microblog",
                                              std::make_shared<spdlog::sinks::stdout_sink_mt>());
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
  auto access =
      std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stdout_sink_mt>());
  access->set_pattern("%v");
  // One write per request line would cost a system call per request; a second's delay in
  // the access log does not matter.
  access->flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
  spdlog::register_logger(access);
}

}  // namespace microblog::app
