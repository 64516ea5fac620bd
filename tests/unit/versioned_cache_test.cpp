#include "web/versioned_cache.hpp"

#include <gtest/gtest.h>

namespace microblog {
namespace {

// Rendered HTML under a string key, as the post lists keep it.
using Cache = web::VersionedCache<std::string, std::string>;

Cache::Ptr html(std::size_t size, char fill = 'x') {
  return std::make_shared<const std::string>(size, fill);
}

TEST(VersionedCache, ServesAListOnlyWhenItIsAtLeastAsNewAsAsked) {
  Cache cache(1 << 20);
  EXPECT_EQ(cache.find("explore", 0), nullptr);
  cache.store("explore", 5, html(10, 'a'));
  ASSERT_NE(cache.find("explore", 5), nullptr);
  EXPECT_EQ(*cache.find("explore", 4), std::string(10, 'a'));
  EXPECT_EQ(cache.find("explore", 6), nullptr);
  EXPECT_EQ(cache.find("home:1", 5), nullptr);
  EXPECT_EQ(cache.hits(), 2);
  EXPECT_EQ(cache.misses(), 3);
}

TEST(VersionedCache, AnOlderRenderingNeverReplacesANewerOne) {
  Cache cache(1 << 20);
  cache.store("explore", 7, html(10, 'n'));
  cache.store("explore", 6, html(10, 'o'));  // a slow request that read the version earlier
  EXPECT_EQ(*cache.find("explore", 7), std::string(10, 'n'));
  cache.store("explore", 8, html(10, 'm'));
  EXPECT_EQ(*cache.find("explore", 8), std::string(10, 'm'));
  EXPECT_EQ(cache.find("explore", 9), nullptr);
}

TEST(VersionedCache, DropsTheLeastRecentlyUsedPastItsBudget) {
  // Room for two 1,000-byte lists but not three.
  Cache cache(2800);
  cache.store("a", 1, html(1000));
  cache.store("b", 1, html(1000));
  ASSERT_NE(cache.find("a", 1), nullptr);  // "b" is now the least recently used
  cache.store("c", 1, html(1000));
  EXPECT_NE(cache.find("a", 1), nullptr);
  EXPECT_EQ(cache.find("b", 1), nullptr);
  EXPECT_NE(cache.find("c", 1), nullptr);
  EXPECT_LE(cache.bytes(), 2800U);
  // A list larger than the whole budget is not kept, and evicts nothing.
  cache.store("huge", 1, html(5000));
  EXPECT_EQ(cache.find("huge", 1), nullptr);
  EXPECT_NE(cache.find("a", 1), nullptr);
}

TEST(VersionedCache, CountsTheMemoryAStringHoldsNotOnlyItsText) {
  // 100 characters in room for 2,000, as a string grown by appending can be: two of them pass
  // a budget that two 1,000-byte lists fit.
  const auto roomy = [] {
    auto s = std::make_shared<std::string>(100, 'x');
    s->reserve(2000);
    return Cache::Ptr(std::move(s));
  };
  Cache cache(2800);
  cache.store("a", 1, roomy());
  cache.store("b", 1, roomy());
  EXPECT_EQ(cache.find("a", 1), nullptr);
  EXPECT_NE(cache.find("b", 1), nullptr);
  EXPECT_GE(cache.bytes(), 2000U);
}

TEST(VersionedCache, AZeroBudgetKeepsNothing) {
  Cache cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.store("explore", 1, html(10));
  EXPECT_EQ(cache.find("explore", 1), nullptr);
  EXPECT_EQ(cache.bytes(), 0U);
}

}  // namespace
}  // namespace microblog
