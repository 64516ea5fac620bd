#pragma once

#include <string>

#include "i18n/languages.hpp"
#include "mail/message.hpp"
#include "util/clock.hpp"
#include "util/templates.hpp"

namespace microblog::mail {

// The mails the site sends, rendered from templates/email/<name>.{txt,html}.tpl. The mails to
// users are written in `lang` (subject and body); the error report is for operators and stays
// in the templates' own language.

Message reset_password_mail(const i18n::Language& lang, const Address& from, const Address& to,
                            const std::string& username, const std::string& reset_url,
                            int valid_minutes);

Message password_changed_mail(const i18n::Language& lang, const Address& from, const Address& to,
                              const std::string& username, const std::string& reset_request_url);

// The mail that carries a user's posts export; the caller attaches the file.
Message export_posts_mail(const i18n::Language& lang, const Address& from, const Address& to,
                          const std::string& username, long long post_count);

struct ErrorDetails {
  std::string request_id;
  std::string method;
  std::string route;  // route pattern, or the path when no route matched
  std::string error;
  std::string instance;
  util::Micros when = 0;
  int interval_minutes = 10;
};
Message error_report_mail(const util::Templates& templates, const Address& from,
                          const std::vector<Address>& to, const ErrorDetails& details);

}  // namespace microblog::mail
