#include "jobs/mail_job.hpp"

#include <fmt/format.h>

#include "util/base64.hpp"

namespace microblog::jobs {
namespace {

std::string attachment_data(const std::string& text) {
  auto data = util::base64_decode(text);
  if (!data) {
    throw PermanentJobError("an attachment in the mail job is not valid base64");
  }
  return std::move(*data);
}

nlohmann::json address_json(const mail::Address& a) {
  return {{"email", a.email}, {"name", a.name}};
}

mail::Address address_of(const nlohmann::json& j) {
  return {j.at("email").get<std::string>(), j.value("name", std::string())};
}

}  // namespace

nlohmann::json mail_payload(const mail::Message& m, bool secret) {
  nlohmann::json to = nlohmann::json::array();
  for (const auto& a : m.to) {
    to.push_back(address_json(a));
  }
  nlohmann::json attachments = nlohmann::json::array();
  for (const auto& a : m.attachments) {
    attachments.push_back({{"filename", a.filename},
                           {"content_type", a.content_type},
                           {"data_base64", util::base64_encode(a.data)}});
  }
  return {{"from", address_json(m.from)},
          {"to", to},
          {"subject", m.subject},
          {"text", m.text},
          {"html", m.html},
          {"attachments", attachments},
          {"secret", secret}};
}

mail::Message message_from_payload(const nlohmann::json& p) {
  try {
    mail::Message m;
    m.from = address_of(p.at("from"));
    for (const auto& a : p.at("to")) {
      m.to.push_back(address_of(a));
    }
    m.subject = p.at("subject").get<std::string>();
    m.text = p.value("text", std::string());
    m.html = p.value("html", std::string());
    for (const auto& a : p.value("attachments", nlohmann::json::array())) {
      m.attachments.push_back({a.at("filename").get<std::string>(),
                               a.at("content_type").get<std::string>(),
                               attachment_data(a.at("data_base64").get<std::string>())});
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw PermanentJobError(fmt::format("malformed mail job: {}", e.what()));
  }
}

db::Id enqueue_mail(soci::session& sql, const mail::Message& message, bool secret, int max_attempts,
                    util::Micros now) {
  mail::validate(message);  // refuse a bad message now, in the request, not in a worker later
  std::string to;
  for (const auto& a : message.to) {
    to += (to.empty() ? "" : ", ") + a.email;
  }
  JobSpec spec;
  spec.kind = kSendMail;
  spec.payload = mail_payload(message, secret);
  spec.description = ("Mail to " + to).substr(0, 128);
  spec.max_attempts = max_attempts;
  return enqueue(sql, spec, now);
}

std::string message_id_for(const db::JobRow& job, const std::string& from_email) {
  return fmt::format("job-{}.{}@{}", job.id, job.created_us, mail::domain_of(from_email));
}

void send_for_job(JobContext& ctx, mail::Transport& transport, mail::Message& message) {
  message.message_id = message_id_for(ctx.row(), message.from.email);
  message.date_us = ctx.now();
  ctx.renew();
  try {
    transport.send(message);
  } catch (const mail::SendError& e) {
    if (e.permanent()) {
      throw PermanentJobError(e.what());
    }
    throw;
  } catch (const mail::InvalidMessage& e) {
    throw PermanentJobError(e.what());
  }
}

Handler send_mail_handler(mail::Transport& transport) {
  return [&transport](JobContext& ctx) {
    mail::Message m = message_from_payload(ctx.payload());
    if (ctx.payload().value("secret", false)) {
      nlohmann::json kept = {{"to", ctx.payload().at("to")},
                             {"subject", m.subject},
                             {"scrubbed", "the body held a secret link and was removed"}};
      ctx.set_final_payload(std::move(kept));
    }
    send_for_job(ctx, transport, m);
  };
}

}  // namespace microblog::jobs
