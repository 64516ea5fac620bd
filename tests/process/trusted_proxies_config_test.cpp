// A mistake in TRUSTED_PROXIES stops `serve` before it listens, with one line naming the entry:
// a server that started anyway would trust the wrong peers or none, silently.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

TEST(ServeConfig, ABadTrustedProxiesEntryIsOneLineAndExit2) {
  TestDatabase database("sqlite");
  auto env = test_environment(database.url());
  env["TRUSTED_PROXIES"] = "10.0.0.0/8, 192.168.0.1/16";
  std::string out;
  std::string err;
  const int code = run_to_end({"serve", "--listen", "127.0.0.1:0"}, env, &out, &err);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(err, HasSubstr("configuration error: TRUSTED_PROXIES: '192.168.0.1/16' has bits "
                             "set past its /16 prefix (the range would be 192.168.0.0/16)"));
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_THAT(out, ::testing::Not(HasSubstr("listening on")));
}

}  // namespace
}  // namespace microblog::testing
