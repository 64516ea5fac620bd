#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/clock.hpp"

namespace microblog::bench {

// A small, fast PRNG (SplitMix64) whose output is the same on every platform and standard
// library, so a seed always gives the same data set (std:: distributions are not portable).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }

  // Uniform in [0, n); n > 0. The modulo bias is below n / 2^64: nothing for our n.
  std::uint64_t below(std::uint64_t n) { return next() % n; }

  // Uniform in [lo, hi].
  long long between(long long lo, long long hi) {
    return lo + static_cast<long long>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

 private:
  std::uint64_t state_;
};

struct SeedOptions {
  int users = 1000;
  long long posts = 100'000;
  int follows = 50;  // per user
  int spanish_percent = 10;
  int years = 2;
  std::uint64_t seed = 20'240'601;
  // 0: the post bodies draw from two small fixed word lists (the page benchmarks). N > 0: from
  // a made-up vocabulary of N words with Zipf-distributed frequencies, as in real text, so that
  // a search for two words finds a realistic number of posts (bench/search.sh).
  int vocabulary = 0;
  util::Micros now_us = 0;  // the end of the time span; the newest post is at most this
};

// Everything but the post bodies, which post_body() derives from (seed, index) on demand so
// that a million posts need not be held in memory. Users have ids 1..users; vectors indexed
// by user are indexed by id - 1. Posts are in time order: post i gets id i + 1.
struct Dataset {
  int users = 0;
  std::vector<util::Micros> user_created_us;
  std::vector<util::Micros> user_last_seen_us;
  std::vector<int> post_count;
  std::vector<int> follower_count;
  std::vector<int> following_count;

  std::vector<long long> follow_follower;  // sorted by (follower, followed)
  std::vector<long long> follow_followed;
  std::vector<util::Micros> follow_created_us;

  std::vector<long long> post_user;           // user id of post i
  std::vector<util::Micros> post_created_us;  // ascending
  std::vector<char> post_spanish;             // 1 when post i is in Spanish
};

Dataset generate(const SeedOptions& opt);

// The body of post `index`: 6 to 22 words, at most 140 bytes, now and then with characters
// that need escaping (& < > " ') so that the pages' escaping costs what it costs in real life.
std::string post_body(std::uint64_t seed, long long index, bool spanish);

std::string username_of(long long id);

// A vocabulary of made-up, distinct, pronounceable lower-case words ("kalo", "mireta", ...),
// the word of rank r (from 1) drawn with probability proportional to 1 / r (Zipf's law, s = 1).
class Vocabulary {
 public:
  Vocabulary(std::uint64_t seed, int size);
  int size() const { return static_cast<int>(words_.size()); }
  // The word of rank r, 1 <= r <= size().
  const std::string& word(int rank) const { return words_.at(static_cast<std::size_t>(rank - 1)); }
  const std::string& draw(Random& rng) const;

 private:
  std::vector<std::string> words_;
  std::vector<double> cumulative_;  // cumulative_[k]: P(rank <= k + 1)
};

// The body of post `index` drawn from `vocabulary`: 6 to 22 words, at most 140 bytes, the first
// capitalised, a full stop at the end.
std::string post_body(std::uint64_t seed, long long index, const Vocabulary& vocabulary);

}  // namespace microblog::bench
