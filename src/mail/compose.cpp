#include "mail/compose.hpp"

#include <stdexcept>

#include "util/text.hpp"
#include "util/time_format.hpp"

namespace microblog::mail {
namespace {

using Dictionary = util::Templates::Dictionary;

std::string expand(const util::Templates& templates, const std::string& file,
                   const Dictionary& dict) {
  // Blank lines are paragraphs in a text mail: keep them.
  const std::string out = templates.expand(file, dict, util::Templates::Blank::keep);
  return std::string(util::trim(out)) + "\n";
}

void render(const util::Templates& templates, const std::string& name, const Dictionary& dict,
            Message& m) {
  m.text = expand(templates, "email/" + name + ".txt.tpl", dict);
  m.html = expand(templates, "email/" + name + ".html.tpl", dict);
}

// A header must be one line: error texts are folded into one, controls become spaces.
std::string one_line(std::string_view s, std::size_t max) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
    if (out.size() >= max) {
      out += "...";
      break;
    }
  }
  return out;
}

}  // namespace

Message reset_password_mail(const i18n::Language& lang, const Address& from, const Address& to,
                            const std::string& username, const std::string& reset_url,
                            int valid_minutes) {
  Message m;
  m.from = from;
  m.to = {to};
  m.subject = lang.t("[Microblog] Reset Your Password");
  Dictionary d("reset_password");
  d.SetValue("LANG", lang.code());
  d.SetValue("USERNAME", username);
  d.SetValue("RESET_URL", reset_url);
  d.SetValue("VALID_FOR", lang.tn("{n} minute", "{n} minutes", valid_minutes));
  render(lang.templates(), "reset_password", d, m);
  return m;
}

Message password_changed_mail(const i18n::Language& lang, const Address& from, const Address& to,
                              const std::string& username, const std::string& reset_request_url) {
  Message m;
  m.from = from;
  m.to = {to};
  m.subject = lang.t("[Microblog] Your password was changed");
  Dictionary d("password_changed");
  d.SetValue("LANG", lang.code());
  d.SetValue("USERNAME", username);
  d.SetValue("RESET_REQUEST_URL", reset_request_url);
  render(lang.templates(), "password_changed", d, m);
  return m;
}

Message export_posts_mail(const i18n::Language& lang, const Address& from, const Address& to,
                          const std::string& username, long long post_count) {
  Message m;
  m.from = from;
  m.to = {to};
  m.subject = lang.t("[Microblog] Your blog posts");
  Dictionary d("export_posts");
  d.SetValue("LANG", lang.code());
  d.SetValue("USERNAME", username);
  d.SetValue("POST_COUNT_TEXT", lang.tn("{n} post", "{n} posts", post_count));
  render(lang.templates(), "export_posts", d, m);
  return m;
}

Message error_report_mail(const util::Templates& templates, const Address& from,
                          const std::vector<Address>& to, const ErrorDetails& e) {
  Message m;
  m.from = from;
  m.to = to;
  m.subject = "[Microblog] Failure: " + one_line(e.method + " " + e.route + ": " + e.error, 120);
  Dictionary d("error_report");
  d.SetValue("REQUEST_ID", e.request_id);
  d.SetValue("METHOD", e.method);
  d.SetValue("ROUTE", e.route);
  d.SetValue("ERROR", e.error);
  d.SetValue("TIME", util::iso8601_utc_micros(e.when));
  d.SetValue("INSTANCE", e.instance);
  d.SetIntValue("INTERVAL_MINUTES", e.interval_minutes);
  render(templates, "error_report", d, m);
  return m;
}

}  // namespace microblog::mail
