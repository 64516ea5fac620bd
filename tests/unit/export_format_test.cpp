#include "services/export_format.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace microblog::testing {
namespace {

using services::export_closing;
using services::export_entry;
using services::export_opening;

std::string file_of(const std::vector<std::pair<std::string, util::Micros>>& posts) {
  std::string out = export_opening();
  bool first = true;
  for (const auto& [body, at] : posts) {
    out += export_entry(body, at, first);
    first = false;
  }
  return out + export_closing(static_cast<long long>(posts.size()));
}

// The bytes Python's json.dumps({"posts": [...]}, indent=4) writes for the same posts, as the
// original's exporter does: ASCII only, surrogate pairs for characters beyond the BMP.
TEST(ExportFormat, WritesTheOriginalsBytes) {
  const std::string expected =
      "{\n    \"posts\": [\n        {\n            \"body\": \"caf\\u00e9 \\\"quoted\\\" \\\\ "
      "\\ud83d\\ude00\\n<b>\",\n            \"timestamp\": \"2026-11-27T17:09:20.982413Z\"\n"
      "        },\n        {\n            \"body\": \"second\",\n            \"timestamp\": "
      "\"2026-11-27T17:09:21.000000Z\"\n        }\n    ]\n}";
  EXPECT_EQ(file_of({{"caf\xc3\xa9 \"quoted\" \\ \xf0\x9f\x98\x80\n<b>", 1795799360982413},
                     {"second", 1795799361000000}}),
            expected);
}

TEST(ExportFormat, AnEmptyExportIsAnEmptyList) {
  EXPECT_EQ(file_of({}), "{\n    \"posts\": []\n}");
}

TEST(ExportFormat, ParsesBackToTheSamePosts) {
  const auto parsed = nlohmann::json::parse(
      file_of({{"\xe4\xbd\xa0\xe5\xa5\xbd", 1000001}, {"two", 2000000}, {"three", 3000000}}));
  ASSERT_EQ(parsed.at("posts").size(), 3U);
  EXPECT_EQ(parsed["posts"][0]["body"], "\xe4\xbd\xa0\xe5\xa5\xbd");
  EXPECT_EQ(parsed["posts"][0]["timestamp"], "1970-01-01T00:00:01.000001Z");
  EXPECT_EQ(parsed["posts"][2]["body"], "three");
}

}  // namespace
}  // namespace microblog::testing
