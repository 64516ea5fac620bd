#include "app/counted_transport.hpp"

namespace microblog::app {

CountedTransport::CountedTransport(std::unique_ptr<mail::Transport> inner,
                                   metrics::Registry& registry)
    : inner_(std::move(inner)),
      sent_(registry.counter("microblog_mail_sent_total", "Mails handed to the transport",
                             {{"transport", std::string(inner_->kind())}})),
      failed_(registry.counter("microblog_mail_failed_total",
                               "Mail sends that failed (each attempt; a job may retry)",
                               {{"transport", std::string(inner_->kind())}})) {}

void CountedTransport::send(const mail::Message& message) {
  try {
    inner_->send(message);
  } catch (...) {
    failed_.inc();
    throw;
  }
  sent_.inc();
}

}  // namespace microblog::app
