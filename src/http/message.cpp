#include "http/message.hpp"

#include <cctype>

#include <boost/url/encode.hpp>
#include <boost/url/params_encoded_view.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "util/text.hpp"

namespace microblog::http {
std::string_view Request::header(Field f) const {
  const auto it = raw.find(f);
  return it == raw.end() ? std::string_view{}
                         : std::string_view(it->value().data(), it->value().size());
}

std::string_view Request::header(std::string_view name) const {
  const auto it = raw.find(boost::beast::string_view(name.data(), name.size()));
  return it == raw.end() ? std::string_view{}
                         : std::string_view(it->value().data(), it->value().size());
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  for (auto it = raw.find(Field::cookie); it != raw.end() && it->name() == Field::cookie; ++it) {
    std::string_view rest(it->value().data(), it->value().size());
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const std::string_view pair = util::trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && util::trim(pair.substr(0, eq)) == name) {
        std::string_view value = util::trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
          value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
      }
    }
  }
  return std::nullopt;
}

const Params& Request::query() const {
  if (!query_) {
    query_ = parse_urlencoded(query_string);
  }
  return *query_;
}

const Params& Request::form() const {
  if (!form_) {
    const std::string_view type = header(Field::content_type);
    if (util::to_lower_ascii(type.substr(0, 33)) == "application/x-www-form-urlencoded") {
      // Counted before anything is decoded: a body of a million "a&" costs a pass, not a
      // million map insertions.
      form_too_many_fields_ = count_urlencoded_pairs(raw.body()) > max_form_fields;
      form_ = form_too_many_fields_ ? Params{} : parse_urlencoded(raw.body());
    } else {
      form_ = Params{};
    }
  }
  return *form_;
}

bool Request::form_has_too_many_fields() const {
  form();
  return form_too_many_fields_;
}

std::string Request::form_field(const std::string& name) const {
  const auto it = form().find(name);
  return it == form().end() ? std::string() : it->second;
}

std::string Request::target() const {
  return query_string.empty() ? path : path + "?" + query_string;
}

Params parse_urlencoded(std::string_view text) {
  Params out;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const auto eq = pair.find('=');
    std::string name(pair.substr(0, eq));
    std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    for (auto* s : {&name, &value}) {
      for (char& c : *s) {
        if (c == '+') {
          c = ' ';
        }
      }
    }
    auto n = boost::urls::make_pct_string_view(name);
    auto v = boost::urls::make_pct_string_view(value);
    if (!n || !v) {
      continue;
    }
    out.try_emplace(n->decode(), v->decode());
  }
  return out;
}

std::size_t count_urlencoded_pairs(std::string_view text) {
  std::size_t pairs = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto amp = text.find('&', start);
    const std::size_t end = amp == std::string_view::npos ? text.size() : amp;
    if (end > start) {
      ++pairs;
    }
    if (amp == std::string_view::npos) {
      break;
    }
    start = amp + 1;
  }
  return pairs;
}

std::optional<std::string> decode_path_segment(std::string_view segment) {
  auto s = boost::urls::make_pct_string_view(segment);
  if (!s) {
    return std::nullopt;
  }
  return s->decode();
}

std::string encode_query_value(std::string_view value) {
  return boost::urls::encode(value, boost::urls::unreserved_chars);
}

bool prefers_json(const Request& req) {
  double json_q = -1;
  double html_q = -1;
  std::string_view accept = req.header(Field::accept);
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    std::string_view item = util::trim(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    double q = 1.0;
    const auto semi = item.find(';');
    const std::string type = util::to_lower_ascii(util::trim(item.substr(0, semi)));
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      const auto qpos = params.find("q=");
      if (qpos != std::string_view::npos) {
        try {
          q = std::stod(std::string(params.substr(qpos + 2, 5)));
        } catch (const std::exception&) {
          q = 0;
        }
      }
    }
    if (type == "application/json") {
      json_q = std::max(json_q, q);
    } else if (type == "text/html") {
      html_q = std::max(html_q, q);
    }
  }
  return json_q > 0 && json_q >= html_q;
}

Response make_response(Status status, std::string body, std::string_view content_type) {
  Response res{status, 11};
  res.set(Field::content_type, boost::beast::string_view(content_type.data(), content_type.size()));
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response html_response(Status status, std::string body) {
  return make_response(status, std::move(body), "text/html; charset=utf-8");
}

Response json_response(Status status, std::string body) {
  return make_response(status, std::move(body), "application/json");
}

Response typed_response(Status status, std::string body, std::string_view content_type) {
  return make_response(status, std::move(body), content_type);
}

Response redirect_response(std::string_view location, Status status) {
  Response res{status, 11};
  res.set(Field::location, boost::beast::string_view(location.data(), location.size()));
  res.prepare_payload();
  return res;
}

}  // namespace microblog::http
