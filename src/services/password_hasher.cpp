#include "services/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

#include "util/crypto.hpp"

namespace microblog::services {

class PasswordHasher::Permit {
 public:
  explicit Permit(PasswordHasher& h) : h_(h) {
    std::unique_lock lock(h_.mutex_);
    h_.cv_.wait(lock, [this] { return h_.available_ > 0; });
    --h_.available_;
  }
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;
  ~Permit() {
    {
      const std::lock_guard lock(h_.mutex_);
      ++h_.available_;
    }
    h_.cv_.notify_one();
  }

 private:
  PasswordHasher& h_;
};

PasswordHasher::PasswordHasher(unsigned long long opslimit, std::size_t memlimit_bytes,
                               int concurrency)
    : opslimit_(opslimit), memlimit_(memlimit_bytes), available_(concurrency) {
  decoy_ = hash(util::random_token());
}

std::string PasswordHasher::hash(std::string_view password) {
  const Permit permit(*this);
  std::string out(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), opslimit_, memlimit_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  out.resize(out.find('\0'));
  return out;
}

bool PasswordHasher::verify(const std::string& stored_hash, std::string_view password) {
  const Permit permit(*this);
  verifications_.fetch_add(1);
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needs_rehash(const std::string& stored_hash) const {
  return crypto_pwhash_str_needs_rehash(stored_hash.c_str(), opslimit_, memlimit_) != 0;
}

}  // namespace microblog::services
