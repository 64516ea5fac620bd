#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mail/transport.hpp"
#include "metrics/registry.hpp"

namespace microblog::app {

// A transport that counts what its inner one sent and failed to send, labelled with the inner
// one's kind (microblog_mail_sent_total, microblog_mail_failed_total): every mail of the
// process (jobs, exports) goes through the one transport the core holds.
class CountedTransport : public mail::Transport {
 public:
  CountedTransport(std::unique_ptr<mail::Transport> inner, metrics::Registry& registry);

  void send(const mail::Message& message) override;
  std::string describe() const override { return inner_->describe(); }
  std::string_view kind() const override { return inner_->kind(); }

 private:
  std::unique_ptr<mail::Transport> inner_;
  metrics::Counter& sent_;
  metrics::Counter& failed_;
};

}  // namespace microblog::app
