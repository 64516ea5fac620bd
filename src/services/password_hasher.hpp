#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace microblog::services {

// argon2id through libsodium. Each hash holds `memlimit` bytes while it runs, so at most
// `concurrency` run at once; the rest wait their turn instead of exhausting memory.
class PasswordHasher {
 public:
  PasswordHasher(unsigned long long opslimit, std::size_t memlimit_bytes, int concurrency);

  std::string hash(std::string_view password);
  bool verify(const std::string& stored_hash, std::string_view password);
  bool needs_rehash(const std::string& stored_hash) const;

  // A hash of a random password, to verify against when the user does not exist, so that a
  // failed login takes the same time either way.
  const std::string& decoy_hash() const { return decoy_; }

  // How many verify() calls ran: the evidence, without timing anything, that a login for an
  // unknown name costs a hash as one for a known name does.
  unsigned long long verifications() const { return verifications_.load(); }

 private:
  class Permit;
  unsigned long long opslimit_;
  std::size_t memlimit_;
  int available_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::string decoy_;
  std::atomic<unsigned long long> verifications_{0};
};

}  // namespace microblog::services
