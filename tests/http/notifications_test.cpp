#include <ctime>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "http/http_fixture.hpp"
#include "util/clock.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;

class NotificationsTest : public HttpTest {
 protected:
  HttpResult send(HttpClient& c, const std::string& to, const std::string& text) {
    return c.submit("/send_message/" + to, "/send_message/" + to, {{"message", text}});
  }

  // GET /notifications?since=<since> (no since when empty), answered 200 with a JSON list.
  static nlohmann::json poll(HttpClient& c, const std::string& since = "") {
    const auto res = c.get(since.empty() ? "/notifications" : "/notifications?since=" + since,
                           {{"Accept", "application/json"}});
    EXPECT_EQ(res.status, 200) << res.body;
    EXPECT_THAT(res.header("content-type"), HasSubstr("application/json"));
    auto list = nlohmann::json::parse(res.body, nullptr, false);
    EXPECT_TRUE(list.is_array()) << res.body;
    return list;
  }

  // A timestamp as the page's script sends it back: the shortest text that reads back as the
  // same double.
  static std::string text_of(const nlohmann::json& timestamp) { return timestamp.dump(); }

  int stored_notifications(const std::string& username) {
    const Id id = server().app().accounts().find_by_username(username)->id;
    auto conn = database().db().connect();
    int n = 0;
    conn.sql() << "SELECT COUNT(*) FROM notification WHERE user_id = :u", soci::use(id),
        soci::into(n);
    return n;
  }
};

TEST_P(NotificationsTest, SignedOutVisitorsGetAJson401) {
  const auto res = client().get("/notifications?since=0");
  EXPECT_EQ(res.status, 401);
  EXPECT_THAT(res.header("content-type"), HasSubstr("application/json"));
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  EXPECT_EQ(body["error"], "Unauthorized");
}

TEST_P(NotificationsTest, MessagesNotifyTheUnreadCountNewerThanSince) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  auto susan = signed_in("susan");
  EXPECT_EQ(poll(susan), nlohmann::json::array());

  ASSERT_EQ(send(john, "susan", "one").status, 302);
  auto list = poll(susan, "0");
  ASSERT_EQ(list.size(), 1U) << list;
  EXPECT_EQ(list[0]["name"], "unread_message_count");
  EXPECT_EQ(list[0]["data"], 1);
  ASSERT_TRUE(list[0]["timestamp"].is_number_float()) << list;
  const auto first = list[0]["timestamp"];
  // The time it was written, in seconds.
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_NEAR(first.get<double>(), now, 60.0);
  // Nothing newer than itself; the sender got nothing.
  EXPECT_EQ(poll(susan, text_of(first)), nlohmann::json::array());
  EXPECT_EQ(poll(john, "0"), nlohmann::json::array());

  // Only the latest of a name is kept: a second message replaces the count.
  ASSERT_EQ(send(john, "susan", "two").status, 302);
  list = poll(susan, "0");
  ASSERT_EQ(list.size(), 1U) << list;
  EXPECT_EQ(list[0]["data"], 2);
  const auto second = list[0]["timestamp"];
  EXPECT_GT(second.get<double>(), first.get<double>());
  EXPECT_EQ(stored_notifications("susan"), 1);
  list = poll(susan, text_of(first));
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0]["data"], 2);
  EXPECT_EQ(poll(susan, text_of(second)), nlohmann::json::array());

  // Opening the inbox notifies 0.
  ASSERT_EQ(susan.get("/messages").status, 200);
  list = poll(susan, text_of(second));
  ASSERT_EQ(list.size(), 1U) << list;
  EXPECT_EQ(list[0]["name"], "unread_message_count");
  EXPECT_EQ(list[0]["data"], 0);
  EXPECT_EQ(stored_notifications("susan"), 1);
}

TEST_P(NotificationsTest, SeveralNamesComeOldestFirst) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  auto susan = signed_in("susan");
  ASSERT_EQ(send(john, "susan", "one").status, 302);
  // Another kind of notification, as a later job would write it.
  const Id susan_id = server().app().accounts().find_by_username("susan")->id;
  {
    auto conn = database().db().connect();
    const std::string payload = R"({"task_id": 7, "progress": 50})";
    const long long later = util::now_micros() + 1000;
    conn.sql() << "INSERT INTO notification (user_id, name, payload_json, created_us) VALUES "
                  "(:u, 'task_progress', :p, :t)",
        soci::use(susan_id), soci::use(payload), soci::use(later);
  }
  auto list = poll(susan);
  ASSERT_EQ(list.size(), 2U) << list;
  EXPECT_EQ(list[0]["name"], "unread_message_count");
  EXPECT_EQ(list[1]["name"], "task_progress");
  EXPECT_EQ(list[1]["data"]["progress"], 50);
  EXPECT_LT(list[0]["timestamp"].get<double>(), list[1]["timestamp"].get<double>());
  list = poll(susan, text_of(list[0]["timestamp"]));
  ASSERT_EQ(list.size(), 1U) << list;
  EXPECT_EQ(list[0]["name"], "task_progress");
}

TEST_P(NotificationsTest, AMalformedSinceIsA400) {
  register_user("susan", "susan@example.com");
  auto susan = signed_in("susan");
  for (const std::string since : {"", "abc", "1.5x", "nan", "inf", "1e400", "0x10", "+1"}) {
    const auto res = susan.get("/notifications?since=" + since, {{"Accept", "application/json"}});
    EXPECT_EQ(res.status, 400) << since;
    EXPECT_THAT(res.header("content-type"), HasSubstr("application/json")) << since;
    const auto body = nlohmann::json::parse(res.body, nullptr, false);
    EXPECT_EQ(body["error"], "Bad Request") << since;
  }
  // Fractions and plain integers are fine.
  EXPECT_EQ(poll(susan, "1733472000.123456"), nlohmann::json::array());
  EXPECT_EQ(poll(susan, "17"), nlohmann::json::array());
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsTest, ::testing::ValuesIn(all_backends()),
                         backend_name);

}  // namespace
}  // namespace microblog::testing
