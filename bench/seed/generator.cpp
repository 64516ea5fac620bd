#include "seed/generator.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

namespace microblog::bench {
namespace {

constexpr util::Micros kDay = 24LL * 3600 * util::kMicrosPerSecond;
constexpr std::size_t kMaxBodyBytes = 140;

constexpr std::array<std::string_view, 64> kEnglish = {
    "the",     "a",        "today",   "coffee", "morning", "great",   "idea",    "code",
    "server",  "database", "really",  "think",  "new",     "post",    "friends", "weekend",
    "city",    "music",    "book",    "read",   "write",   "learned", "about",   "python",
    "flask",   "C++",      "fast",    "slow",   "why",     "how",     "love",    "this",
    "weather", "rain",     "sunny",   "walk",   "park",    "dog",     "cat",     "dinner",
    "lunch",   "team",     "meeting", "work",   "home",    "travel",  "train",   "bike",
    "finally", "release",  "version", "bug",    "fixed",   "tests",   "green",   "deploy",
    "night",   "sleep",    "tired",   "happy",  "movie",   "watched", "with",    "and"};

constexpr std::array<std::string_view, 64> kSpanish = {
    "el",       "la",       "hoy",       "café",    "mañana",   "gran",    "idea",     "código",
    "servidor", "datos",    "realmente", "creo",    "nuevo",    "mensaje", "amigos",   "semana",
    "ciudad",   "música",   "libro",     "leer",    "escribir", "aprendí", "sobre",    "años",
    "está",     "también",  "rápido",    "lento",   "por qué",  "cómo",    "me gusta", "esto",
    "tiempo",   "lluvia",   "soleado",   "paseo",   "parque",   "perro",   "gato",     "cena",
    "comida",   "equipo",   "reunión",   "trabajo", "casa",     "viaje",   "tren",     "bici",
    "por fin",  "versión",  "error",     "pruebas", "verde",    "noche",   "dormir",   "cansado",
    "feliz",    "película", "vimos",     "con",     "y",        "corazón", "niño",     "español"};

// Tokens that exercise HTML escaping in the rendered pages.
constexpr std::array<std::string_view, 6> kSpecial = {"&",    "<b>not bold</b>", "\"quoted\"",
                                                      "it's", "a < b > c",       "R&D"};

}  // namespace

std::string username_of(long long id) {
  return "user" + std::to_string(id);
}

Dataset generate(const SeedOptions& opt) {
  Dataset d;
  d.users = opt.users;
  const auto n = static_cast<std::size_t>(opt.users);
  const util::Micros end = opt.now_us;
  const util::Micros start = end - opt.years * 365 * kDay;
  Random rng(opt.seed);

  d.user_created_us.resize(n);
  d.user_last_seen_us.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    d.user_created_us[i] = start - rng.between(0, 30 * kDay);
    d.user_last_seen_us[i] = end - rng.between(0, 30 * kDay);
  }
  d.post_count.assign(n, 0);
  d.follower_count.assign(n, 0);
  d.following_count.assign(n, 0);

  // Each user follows `follows` distinct other users, chosen uniformly.
  const int per_user = std::min(opt.follows, opt.users - 1);
  std::vector<char> taken(n, 0);
  std::vector<long long> picks;
  const std::size_t total_follows = n * static_cast<std::size_t>(std::max(per_user, 0));
  d.follow_follower.reserve(total_follows);
  d.follow_followed.reserve(total_follows);
  d.follow_created_us.reserve(total_follows);
  for (long long u = 1; u <= opt.users; ++u) {
    picks.clear();
    taken[static_cast<std::size_t>(u - 1)] = 1;
    while (static_cast<int>(picks.size()) < per_user) {
      const auto v = static_cast<long long>(rng.below(n)) + 1;
      if (taken[static_cast<std::size_t>(v - 1)] == 0) {
        taken[static_cast<std::size_t>(v - 1)] = 1;
        picks.push_back(v);
      }
    }
    taken[static_cast<std::size_t>(u - 1)] = 0;
    std::sort(picks.begin(), picks.end());
    for (const long long v : picks) {
      taken[static_cast<std::size_t>(v - 1)] = 0;
      d.follow_follower.push_back(u);
      d.follow_followed.push_back(v);
      d.follow_created_us.push_back(rng.between(start, end));
      ++d.follower_count[static_cast<std::size_t>(v - 1)];
    }
    d.following_count[static_cast<std::size_t>(u - 1)] = static_cast<int>(picks.size());
  }

  // Posts: uniform times over the span, sorted so that ids ascend with time.
  const auto p = static_cast<std::size_t>(opt.posts);
  d.post_created_us.resize(p);
  for (auto& t : d.post_created_us) {
    t = rng.between(start, end);
  }
  std::sort(d.post_created_us.begin(), d.post_created_us.end());
  d.post_user.resize(p);
  d.post_spanish.resize(p);
  for (std::size_t i = 0; i < p; ++i) {
    d.post_user[i] = static_cast<long long>(rng.below(n)) + 1;
    d.post_spanish[i] = rng.below(100) < static_cast<std::uint64_t>(opt.spanish_percent) ? 1 : 0;
    ++d.post_count[static_cast<std::size_t>(d.post_user[i] - 1)];
  }
  return d;
}

std::string post_body(std::uint64_t seed, long long index, bool spanish) {
  Random rng(seed ^ (0xD1B54A32D192ED03ULL * static_cast<std::uint64_t>(index + 1)));
  const auto& words = spanish ? kSpanish : kEnglish;
  const auto count = rng.between(6, 22);
  const bool special = rng.below(20) == 0;
  const auto special_at = rng.between(0, count - 1);
  std::string body;
  for (long long w = 0; w < count; ++w) {
    const std::string_view word = (special && w == special_at)
                                      ? kSpecial[rng.below(kSpecial.size())]
                                      : words[rng.below(words.size())];
    if (body.size() + word.size() + 2 > kMaxBodyBytes) {
      break;
    }
    if (!body.empty()) {
      body += ' ';
    }
    body += word;
  }
  if (!body.empty() && body[0] >= 'a' && body[0] <= 'z') {
    body[0] = static_cast<char>(body[0] - 'a' + 'A');
  }
  body += '.';
  return body;
}

Vocabulary::Vocabulary(std::uint64_t seed, int size) {
  static constexpr std::array<std::string_view, 14> kOnsets = {"b", "d", "f", "g", "k", "l", "m",
                                                               "n", "p", "r", "s", "t", "v", "z"};
  static constexpr std::array<std::string_view, 5> kVowels = {"a", "e", "i", "o", "u"};
  Random rng(seed ^ 0x5EA2C4ULL);
  std::unordered_set<std::string> seen;
  while (static_cast<int>(words_.size()) < size) {
    // 2 to 4 syllables: 70 two-syllable words, 4,900 of three, 343,000 of four.
    const auto syllables = rng.between(2, 4);
    std::string w;
    for (long long k = 0; k < syllables; ++k) {
      w += kOnsets[rng.below(kOnsets.size())];
      w += kVowels[rng.below(kVowels.size())];
    }
    if (seen.insert(w).second) {
      words_.push_back(std::move(w));
    }
  }
  cumulative_.resize(words_.size());
  double sum = 0;
  for (std::size_t k = 0; k < words_.size(); ++k) {
    sum += 1.0 / static_cast<double>(k + 1);
    cumulative_[k] = sum;
  }
  for (auto& c : cumulative_) {
    c /= sum;
  }
}

const std::string& Vocabulary::draw(Random& rng) const {
  // 53 random bits as a double in [0, 1), then the first rank whose cumulative share exceeds it.
  const double u = static_cast<double>(rng.next() >> 11U) / 9007199254740992.0;
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  const auto k =
      std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), words_.size() - 1);
  return words_[k];
}

std::string post_body(std::uint64_t seed, long long index, const Vocabulary& vocabulary) {
  Random rng(seed ^ (0xD1B54A32D192ED03ULL * static_cast<std::uint64_t>(index + 1)));
  const auto count = rng.between(6, 22);
  std::string body;
  for (long long w = 0; w < count; ++w) {
    const std::string& word = vocabulary.draw(rng);
    if (body.size() + word.size() + 2 > kMaxBodyBytes) {
      break;
    }
    if (!body.empty()) {
      body += ' ';
    }
    body += word;
  }
  if (!body.empty()) {
    body[0] = static_cast<char>(body[0] - 'a' + 'A');
  }
  body += '.';
  return body;
}

}  // namespace microblog::bench
