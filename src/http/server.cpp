#include "http/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "config/config.hpp"
#include "util/text.hpp"

namespace microblog::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

ListenAddress parse_listen_address(const std::string& text) {
  ListenAddress out;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw config::ConfigError(fmt::format("listen address '{}' must look like HOST:PORT", text));
  }
  out.host = text.substr(0, colon);
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  if (out.host == "localhost") {
    out.host = "127.0.0.1";
  }
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
    throw config::ConfigError(fmt::format("listen address '{}' has an invalid port", text));
  }
  out.port = static_cast<unsigned short>(value);
  boost::system::error_code addr_ec;
  asio::ip::make_address(out.host, addr_ec);
  if (addr_ec) {
    throw config::ConfigError(
        fmt::format("listen address '{}': '{}' is not an IP address", text, out.host));
  }
  return out;
}

std::size_t descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY ||
      limit.rlim_cur > 1048576) {
    return 1048576;
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t descriptor_reserve(const config::Config& cfg) {
  // 64 for the process itself (standard streams, the listening socket, epoll, timers, the
  // signal pipe, the random source, libraries' own), up to 3 per database connection (SQLite
  // keeps its file, the WAL and the shared-memory file open; MariaDB one socket), one per web
  // thread of either kind (a static file being sent), 3 more per connection thread (the epoll,
  // timer and wake-up descriptors of its scheduler) and 2 per job thread (an SMTP or HTTPS
  // connection and a DNS lookup).
  return 64 + 3 * static_cast<std::size_t>(cfg.db_pool_size) +
         static_cast<std::size_t>(cfg.web_threads) +
         4 * static_cast<std::size_t>(cfg.connection_threads) +
         2 * static_cast<std::size_t>(cfg.worker_threads);
}

Server::Options server_options(const config::Config& cfg) {
  Server::Options opt;
  opt.listen = parse_listen_address(cfg.listen);
  opt.threads = cfg.connection_threads;
  opt.change_threads = cfg.web_threads;
  opt.body_limit = cfg.max_body_bytes;
  opt.header_limit = cfg.max_header_bytes;
  opt.read_timeout = std::chrono::seconds(cfg.read_timeout_seconds);
  opt.keepalive_timeout = std::chrono::seconds(cfg.keepalive_timeout_seconds);
  opt.shutdown_grace = std::chrono::seconds(cfg.shutdown_grace_seconds);
  opt.max_form_fields = cfg.max_form_fields;
  opt.fair_order = cfg.fair_request_order;
  opt.trusted_proxies = TrustedProxies::parse(cfg.trusted_proxies, "TRUSTED_PROXIES");
  if (cfg.trust_proxy) {
    opt.trusted_proxies.add_loopback();
  }
  // By default as many connections as the descriptor limit leaves room for: past that, accept
  // fails anyway, and a connection refused at once is better for a client (and a load
  // balancer, which can try another instance) than one left waiting in the backlog.
  const std::size_t limit = descriptor_limit();
  const std::size_t reserve = descriptor_reserve(cfg);
  opt.max_connections =
      cfg.max_connections > 0 ? cfg.max_connections : (limit > reserve + 1 ? limit - reserve : 1);
  return opt;
}

// Types held by a connection or its coroutine frame, which have external linkage, so these do
// too: in the anonymous namespace they break the unity build (GCC's -Wsubobject-linkage).
namespace connection_parts {

// Who is at the other end of a connection, worked out once: a system call and conversions per
// request otherwise.
struct Peer {
  std::string ip = "unknown";  // the client, when no trusted proxy speaks for one
  std::string key = "unknown";
  bool trusted = false;  // a trusted proxy
};

// What a request may cost beyond what Beast's parser limits. Its body limit counts the body
// only: the chunk-size lines, chunk extensions and trailer of a chunked body are not counted,
// and a chunk-size line or trailer is buffered until it ends, however long. Here those count
// together against the header limit, as a second header would, and what waits in the buffer
// for its end may not grow past it either.
struct ReadBudget {
  std::size_t limit = 0;
  std::size_t framing = 0;        // chunk framing bytes consumed so far
  std::size_t header_fields = 0;  // fields when the header ended
};
}  // namespace connection_parts

using connection_parts::Peer;
using connection_parts::ReadBudget;

namespace {

Peer describe_peer(const tcp::socket& socket, const TrustedProxies& trusted) {
  Peer peer;
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (!ec) {
    const IpAddress address = normalized(remote.address());
    peer.ip = address.to_string();
    peer.key = rate_limit_key(address);
    peer.trusted = trusted.contains(address);
  }
  return peer;
}

}  // namespace

struct Server::Connection {
  Connection(tcp::socket socket, const TrustedProxies& trusted)
      : stream(std::move(socket)), peer(describe_peer(stream.socket(), trusted)) {}
  beast::tcp_stream stream;
  Peer peer;
  bool idle = true;  // waiting for the first byte of a request; touched only on its thread
  std::atomic<bool> counted{true};  // holds a place under max_connections
};

namespace {

Status status_for_read_error(const boost::system::error_code& ec) {
  if (ec == beast_http::error::body_limit) {
    return Status::payload_too_large;
  }
  if (ec == beast_http::error::header_limit) {
    return Status::request_header_fields_too_large;
  }
  if (ec == beast::error::timeout) {
    return Status::request_timeout;
  }
  return Status::bad_request;
}

// The entry a proxy wrote last: the one nearest to this server.
std::string_view last_forwarded_value(const RawRequest& raw, std::string_view name) {
  std::string_view last;
  const auto range = raw.equal_range(beast::string_view(name.data(), name.size()));
  for (auto it = range.first; it != range.second; ++it) {
    last = std::string_view(it->value().data(), it->value().size());
  }
  if (const auto comma = last.rfind(','); comma != std::string_view::npos) {
    last.remove_prefix(comma + 1);
  }
  return util::trim(last);
}

void fill_request_metadata(Request& req, const Peer& peer, const Server::Options& opt) {
  const auto target = req.raw.target();
  const std::string_view t(target.data(), target.size());
  const auto q = t.find('?');
  req.path = std::string(t.substr(0, q));
  req.query_string = q == std::string_view::npos ? std::string() : std::string(t.substr(q + 1));
  req.max_form_fields = opt.max_form_fields;
  req.client_ip = peer.ip;
  req.client_key = peer.key;
  req.from_trusted_proxy = peer.trusted;
  if (!peer.trusted) {
    return;
  }
  std::vector<std::string_view> forwarded_for;
  const auto range = req.raw.equal_range("X-Forwarded-For");
  for (auto it = range.first; it != range.second; ++it) {
    forwarded_for.emplace_back(it->value().data(), it->value().size());
  }
  if (const auto client = forwarded_client(forwarded_for, opt.trusted_proxies)) {
    req.client_ip = client->to_string();
    req.client_key = rate_limit_key(*client);
  }
  req.secure = util::to_lower_ascii(last_forwarded_value(req.raw, "X-Forwarded-Proto")) == "https";
}

using Parser = beast_http::request_parser<beast_http::string_body>;

std::size_t field_count(const RawRequest& message) {
  return static_cast<std::size_t>(std::distance(message.begin(), message.end()));
}

// The only transfer coding this server decodes is chunked, alone. Beast accepts codings it
// does not decode ("gzip, chunked" hands the application gzip as if it were the body) and
// takes a message whose last coding is not chunked ("chunked, chunked", "identity") as having
// no body, so the body would be read as the next request: a proxy that framed it otherwise
// would let a client smuggle a request past it. Content-Length beside Transfer-Encoding, and
// Transfer-Encoding in HTTP/1.0, are as ambiguous (RFC 9112, 6.1 and 6.3).
boost::system::error_code check_framing(const RawRequest& message) {
  const auto codings = message.equal_range(Field::transfer_encoding);
  if (codings.first == codings.second) {
    return {};
  }
  const std::string_view value(codings.first->value().data(), codings.first->value().size());
  if (std::next(codings.first) != codings.second || message.version() < 11 ||
      message.find(Field::content_length) != message.end() ||
      util::to_lower_ascii(util::trim(value)) != "chunked") {
    return beast_http::error::bad_transfer_encoding;
  }
  return {};
}

// Feeds the parser what is already buffered. With keep-alive a request usually arrives
// whole in the read that woke the connection; beast's async_read would still post its
// completion through the scheduler, a second trip per request.
// Returns the parse error, if any; the caller reads on when the parser is not done.
boost::system::error_code parse_buffered(Parser& parser, beast::flat_buffer& buffer,
                                         ReadBudget& budget) {
  boost::system::error_code ec;
  while (!parser.is_done() && buffer.size() > 0) {
    const bool in_body = parser.is_header_done();
    const std::size_t body_before = parser.get().body().size();
    // Not eager: the parser stops after each element (the header, a chunk-size line, a piece
    // of body), so that the header is checked before any body is read and each element starts
    // the bytes offered. In the body no more than the limit is offered at once: a chunk-size
    // line or trailer that does not end within it is too long, whatever else has arrived.
    const auto data = buffer.data();
    const std::size_t offered = in_body ? std::min(data.size(), budget.limit) : data.size();
    std::size_t used = 0;
    try {
      used = parser.put(asio::buffer(data.data(), offered), ec);
    } catch (const std::length_error&) {
      // Beast keeps a field in at most 64 KiB and throws for a longer one, which a header
      // limit above that lets through.
      return in_body ? beast_http::error::body_limit : beast_http::error::header_limit;
    }
    buffer.consume(used);
    if (in_body) {
      budget.framing += used - (parser.get().body().size() - body_before);
      if (budget.framing > budget.limit) {
        return beast_http::error::body_limit;
      }
    }
    if (ec == beast_http::error::need_more) {
      // The parser takes body bytes as they come, so what it leaves is one chunk-size line or
      // the trailer, waiting for its end (a header waiting is held to the limit by Beast).
      if (in_body && offered >= budget.limit) {
        return beast_http::error::body_limit;
      }
      return {};
    }
    if (ec) {
      return ec;
    }
    if (!in_body && parser.is_header_done()) {
      if (const auto bad = check_framing(parser.get())) {
        return bad;
      }
      budget.header_fields = field_count(parser.get());
    }
  }
  // Beast adds trailer fields to the header, where they would pass for fields a proxy in front
  // checked or replaced (X-Forwarded-For, Cookie). Browsers send no request trailers.
  if (parser.is_done() && parser.chunked() && field_count(parser.get()) != budget.header_fields) {
    return beast_http::error::bad_field;
  }
  return {};
}

// Every method but the safe ones (RFC 9110, 9.2.1) runs on the pool for changes.
bool may_change_something(const Request& req) {
  const Verb method = req.method();
  return method != Verb::get && method != Verb::head && method != Verb::options;
}

// Reads and parses until the request is complete (see parse_buffered for why not
// beast's async_read).
asio::awaitable<boost::system::error_code> read_rest(beast::tcp_stream& stream,
                                                     beast::flat_buffer& buffer, Parser& parser,
                                                     ReadBudget& budget) {
  constexpr std::size_t kReadSize = 64 * 1024;
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadSize), kUseTuple);
    if (ec == asio::error::eof) {
      if (!parser.got_some()) {
        co_return beast_http::error::end_of_stream;
      }
      parser.put_eof(ec);
      if (!ec && !parser.is_done()) {
        ec = beast_http::error::partial_message;
      }
      co_return ec;
    }
    if (ec) {
      co_return ec;
    }
    buffer.commit(n);
    if (const auto parse_ec = parse_buffered(parser, buffer, budget);
        parse_ec || parser.is_done()) {
      co_return parse_ec;
    }
  }
}

}  // namespace

class Server::Session {
 public:
  static asio::awaitable<void> run(Server& server, std::shared_ptr<Connection> c) {
    const Options& opt = server.options_;
    beast::flat_buffer buffer;
    for (;;) {
      if (buffer.size() == 0) {
        // Idle between requests: this is the only wait a graceful stop may cut short.
        c->idle = true;
        if (server.stopping_) {
          break;
        }
        c->stream.expires_after(opt.keepalive_timeout);
        auto [ec, n] = co_await c->stream.async_read_some(buffer.prepare(4096), kUseTuple);
        c->idle = false;
        if (ec) {
          break;
        }
        buffer.commit(n);
      }
      Parser parser;
      parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
      parser.body_limit(opt.body_limit);
      ReadBudget budget{opt.header_limit};
      boost::system::error_code read_ec = parse_buffered(parser, buffer, budget);
      if (!read_ec && !parser.is_done()) {
        c->stream.expires_after(opt.read_timeout);
        read_ec = co_await read_rest(c->stream, buffer, parser, budget);
      }
      if (read_ec == beast_http::error::end_of_stream || read_ec == asio::error::connection_reset ||
          read_ec == asio::error::operation_aborted) {
        break;
      }
      Request req;
      Response res;
      if (read_ec) {
        // Answer what can be answered (413, 431, 400, 408) and close: the stream position is
        // unknown after a failed parse.
        // Whatever fields were parsed (Accept, for JSON or HTML) are in the message even when
        // the parser stopped at the header, as it does for a Content-Length over the limit.
        req.raw.base() = parser.get().base();
        fill_request_metadata(req, c->peer, opt);
        res = server.error_page_(status_for_read_error(read_ec), req);
        res.keep_alive(false);
      } else {
        req.raw = parser.release();
        fill_request_metadata(req, c->peer, opt);
        const auto target = req.raw.target();
        if (target.empty() || target.front() != '/') {
          res = server.error_page_(Status::bad_request, req);
        } else {
          if (may_change_something(req)) {
            // On the pool; the answer comes back to this thread.
            res = co_await asio::co_spawn(
                server.changes_,
                [&server, &req]() -> asio::awaitable<Response> { co_return server.app_(req); },
                asio::use_awaitable);
          } else {
            // To the back of the thread's queue before the application runs. Handlers block
            // on the database; without this, the connections one epoll wait found ready are
            // all answered before the next wait looks, and a request arriving just after waits
            // for the whole batch (MariaDB, 64 connections: GET p99 20 ms -> 90 to 220 ms).
            // WEB_FAIR_ORDER=false skips it, for measuring what it costs.
            if (opt.fair_order) {
              co_await asio::post(c->stream.get_executor(), asio::use_awaitable);
            }
            res = server.app_(req);
          }
        }
        res.keep_alive(req.raw.keep_alive() && !server.stopping_);
        if (req.method() == Verb::head) {
          const auto length = res.body().size();
          res.body().clear();
          res.content_length(length);
        }
      }
      // Written at once while the socket takes it (a whole page usually fits in its send
      // buffer); only the rest waits, under the timeout. beast's async_write would post its
      // completion even when nothing had to wait.
      beast_http::response_serializer<beast_http::string_body> serializer(res);
      boost::system::error_code write_ec;
      beast_http::write(c->stream.socket(), serializer, write_ec);
      if (write_ec == asio::error::would_block) {
        c->stream.expires_after(opt.read_timeout);
        auto [ec, n] = co_await beast_http::async_write(c->stream, serializer, kUseTuple);
        (void)n;
        write_ec = ec;
      }
      if (write_ec || !res.keep_alive()) {
        break;
      }
    }
    server.release(*c);
    boost::system::error_code ignored;
    c->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    c->stream.close();
  }
};

namespace {

std::vector<std::unique_ptr<asio::io_context>> make_contexts(int threads) {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int i = 0; i < std::max(1, threads); ++i) {
    // A concurrency hint of 1: one thread runs it, so the scheduler never wakes another.
    contexts.push_back(std::make_unique<asio::io_context>(1));
  }
  return contexts;
}

}  // namespace

Server::Server(Options options, App app, ErrorPage error_page)
    : options_(std::move(options)),
      app_(std::move(app)),
      error_page_(std::move(error_page)),
      control_(control_context_.get_executor()),
      contexts_(make_contexts(options_.threads)),
      changes_(static_cast<std::size_t>(std::max(1, options_.change_threads))),
      acceptor_(control_context_),
      signals_(control_),
      grace_timer_(control_),
      accept_backoff_(control_) {
  keep_running_.reserve(contexts_.size());
  for (const auto& context : contexts_) {
    keep_running_.push_back(asio::make_work_guard(*context));
  }
}

Server::~Server() = default;

void Server::bind() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options_.listen.host, ec);
  const tcp::endpoint endpoint(address, options_.listen.port);
  const auto fail = [&](const char* step) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{} ({}): {}", options_.listen.host,
                                         options_.listen.port, step, ec.message()));
  };
  if (acceptor_.open(endpoint.protocol(), ec); ec) {
    fail("open");
  }
  if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec) {
    fail("set option");
  }
  if (acceptor_.bind(endpoint, ec); ec) {
    fail("bind");
  }
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) {
    fail("listen");
  }
}

unsigned short Server::port() const {
  return acceptor_.local_endpoint().port();
}

void Server::stop_on_signals() {
  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (!ec) {
      request_stop();
      spdlog::info("signal {} received: stopping gracefully", signo);
    }
  });
}

namespace {

// A warning for something that can happen thousands of times a second (a flood of
// connections): logged at most once a second, with the number held back since. Used on one
// thread only.
class ThrottledWarning {
 public:
  template <typename... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) {
    const auto now = std::chrono::steady_clock::now();
    if (logged_ && now - last_ < std::chrono::seconds(1)) {
      ++held_back_;
      return;
    }
    const std::string text = fmt::format(format, std::forward<Args>(args)...);
    if (held_back_ > 0) {
      spdlog::warn("{} ({} more since the last time this was logged)", text, held_back_);
    } else {
      spdlog::warn("{}", text);
    }
    logged_ = true;
    last_ = now;
    held_back_ = 0;
  }

 private:
  bool logged_ = false;
  std::chrono::steady_clock::time_point last_;
  unsigned long held_back_ = 0;
};

// Long enough that a process out of descriptors does not spin on the listening socket (which
// stays readable while connections wait in the backlog), short enough that clients waiting
// there notice little; a connection closing ends the pause sooner.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);

}  // namespace

void Server::start_accepting() {
  asio::co_spawn(
      control_,
      [this]() -> asio::awaitable<void> {
        ThrottledWarning accept_failures;
        ThrottledWarning over_limit;
        for (;;) {
          // Round robin: keep-alive connections stay, so the threads share them evenly.
          auto& context = *contexts_[next_context_];
          auto [ec, socket] = co_await acceptor_.async_accept(context, kUseTuple);
          if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
            co_return;
          }
          if (ec) {
            // Out of file descriptors (EMFILE, ENFILE) or memory: the connection stays in the
            // backlog and the next accept would fail at once, so this loop would take a whole
            // core doing nothing. Pause, and try again.
            accept_failures.warn("accept failed: {}; pausing new connections for {} ms",
                                 ec.message(), kAcceptBackoff.count());
            accept_paused_ = true;
            accept_backoff_.expires_after(kAcceptBackoff);
            co_await accept_backoff_.async_wait(kUseTuple);
            accept_paused_ = false;
            continue;
          }
          if (open_connections_.load() >= options_.max_connections) {
            // Closed at once rather than left unaccepted: the client (or a load balancer, which
            // can try another instance) learns now instead of waiting out a timeout in the
            // backlog, and a flood of idle connections cannot hold the queue for everyone.
            socket.close(ec);
            over_limit.warn(
                "{} connections open, the most MAX_CONNECTIONS allows: closing new ones",
                options_.max_connections);
            continue;
          }
          next_context_ = (next_context_ + 1) % contexts_.size();
          socket.set_option(tcp::no_delay(true), ec);
          // Responses are first written without waiting (Session::run): a full send buffer
          // must return would_block, not block the thread.
          socket.non_blocking(true, ec);
          auto conn = std::make_shared<Connection>(std::move(socket), options_.trusted_proxies);
          ++open_connections_;
          {
            const std::lock_guard lock(connections_mutex_);
            connections_.insert(conn);
          }
          asio::co_spawn(conn->stream.get_executor(), Session::run(*this, conn),
                         [this, conn](const std::exception_ptr& e) {
                           if (e) {
                             try {
                               std::rethrow_exception(e);
                             } catch (const std::exception& ex) {
                               spdlog::error("connection failed: {}", ex.what());
                             }
                           }
                           on_connection_closed(conn);
                         });
        }
      },
      [](const std::exception_ptr& e) {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            spdlog::critical("listener failed: {}", ex.what());
          }
        }
      });
}

void Server::release(Connection& c) {
  if (c.counted.exchange(false)) {
    --open_connections_;
    // A descriptor is free again: no need to wait out the pause.
    if (accept_paused_) {
      asio::post(control_, [this] { accept_backoff_.cancel(); });
    }
  }
}

void Server::on_connection_closed(const std::shared_ptr<Connection>& c) {
  release(*c);
  {
    const std::lock_guard lock(connections_mutex_);
    connections_.erase(c);
  }
  finish_if_drained();
}

void Server::finish_if_drained() {
  if (!stopping_) {
    return;
  }
  const std::lock_guard lock(connections_mutex_);
  if (connections_.empty()) {
    asio::post(control_, [this] { grace_timer_.cancel(); });
  }
}

bool Server::run() {
  start_accepting();
  std::vector<std::thread> threads;
  threads.reserve(contexts_.size());
  for (const auto& context : contexts_) {
    threads.emplace_back([&context] { context->run(); });
  }
  control_context_.run();
  // Returns once the stop has ended (or the listener failed). The connection threads then end
  // once their connections have; control_ runs nothing any more, so keep_running_ is ours.
  keep_running_.clear();
  for (auto& t : threads) {
    t.join();
  }
  changes_.join();
  return !forced_;
}

void Server::request_stop() {
  // Set at once, so that a request finishing from now on answers "Connection: close".
  stopping_ = true;
  asio::post(control_, [this] {
    if (stop_started_) {
      return;
    }
    stop_started_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    accept_backoff_.cancel();
    signals_.cancel(ec);
    std::vector<std::shared_ptr<Connection>> open;
    {
      const std::lock_guard lock(connections_mutex_);
      open.assign(connections_.begin(), connections_.end());
    }
    for (const auto& c : open) {
      asio::post(c->stream.get_executor(), [c] {
        if (c->idle) {
          boost::system::error_code ignored;
          c->stream.socket().cancel(ignored);  // may already be closed
        }
      });
    }
    grace_timer_.expires_after(options_.shutdown_grace);
    grace_timer_.async_wait([this](const boost::system::error_code& wait_ec) {
      if (!wait_ec) {
        spdlog::warn("grace period over with requests still running; stopping anyway");
        forced_ = true;
        for (const auto& context : contexts_) {
          context->stop();
        }
        changes_.stop();
      }
    });
    finish_if_drained();
  });
}

}  // namespace microblog::http
