#include <gmock/gmock.h>

#include "http/http_fixture.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class MessagesTest : public HttpTest {
 protected:
  HttpResult send(HttpClient& c, const std::string& to, const std::string& text) {
    return c.submit("/send_message/" + to, "/send_message/" + to, {{"message", text}});
  }

  Id id_of(const std::string& name) { return server().app().accounts().find_by_username(name)->id; }

  int unread(const std::string& name) {
    return server().app().core().messages().unread_count(id_of(name));
  }

  // Messages stored in the database, whoever sent or received them.
  int stored_messages() {
    auto conn = database().db().connect();
    int n = 0;
    conn.sql() << "SELECT COUNT(*) FROM message", soci::into(n);
    return n;
  }

  static int count(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1)) {
      ++n;
    }
    return n;
  }

  // The navbar badge: its number, or -1 when it is hidden.
  static int badge(const std::string& page) {
    const std::string marker = "id=\"message_count\"><span class=\"js-message-count\">";
    const auto at = page.find(marker);
    EXPECT_NE(at, std::string::npos) << page;
    if (at == std::string::npos) {
      return -2;
    }
    const auto class_start = page.rfind("class=\"", at);
    const bool hidden =
        page.substr(class_start, at - class_start).find("d-none") != std::string::npos;
    const int n = std::stoi(page.substr(at + marker.size()));
    return hidden ? -1 : n;
  }

  // The href of the first link whose href starts with `prefix`, "" when there is none.
  static std::string link(const std::string& page, const std::string& prefix) {
    const auto at = page.find("href=\"" + prefix);
    if (at == std::string::npos) {
      return {};
    }
    const auto start = at + 6;
    std::string href = page.substr(start, page.find('"', start) - start);
    return href;
  }
};

TEST_P(MessagesTest, SendingFlashesRedirectsAndTheRecipientReadsIt) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  auto res = john.get("/user/susan");
  EXPECT_THAT(res.body, HasSubstr("href=\"/send_message/susan\""));
  EXPECT_THAT(res.body, HasSubstr("Send private message"));
  EXPECT_THAT(john.get("/user/john").body, Not(HasSubstr("Send private message")));

  res = john.get("/send_message/susan");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Send a message to susan"));
  EXPECT_THAT(res.body, HasSubstr("name=\"message\""));

  res = send(john, "susan", "  Hello <b>susan</b> & co  ");
  EXPECT_EQ(res.status, 302) << res.body;
  EXPECT_EQ(res.header("location"), "/user/susan");
  EXPECT_THAT(john.get("/user/susan").body, HasSubstr("Your message has been sent."));
  // The sender's own count does not move.
  EXPECT_EQ(badge(john.get("/index").body), -1);

  auto susan = signed_in("susan");
  EXPECT_EQ(unread("susan"), 1);
  EXPECT_EQ(badge(susan.get("/index").body), 1);
  ASSERT_EQ(send(john, "susan", "second one").status, 302);
  EXPECT_EQ(badge(susan.get("/explore").body), 2);

  res = susan.get("/messages");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Hello &lt;b&gt;susan&lt;/b&gt; &amp; co</p>"));
  EXPECT_THAT(res.body, HasSubstr("href=\"/user/john\""));
  EXPECT_THAT(res.body, HasSubstr("avatar/"));
  EXPECT_THAT(res.body, HasSubstr("class=\"js-time"));
  // Newest first.
  EXPECT_LT(res.body.find("second one"), res.body.find("Hello &lt;b&gt;"));
  // Opening the inbox read them: the page itself already shows no badge.
  EXPECT_EQ(badge(res.body), -1);
  EXPECT_EQ(unread("susan"), 0);
  EXPECT_EQ(badge(susan.get("/index").body), -1);

  // A new message counts from there.
  ASSERT_EQ(send(john, "susan", "third").status, 302);
  EXPECT_EQ(badge(susan.get("/index").body), 1);
}

TEST_P(MessagesTest, TheInboxShowsOnlyTheReadersOwnMessages) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  register_user("mary", "mary@example.com");
  auto john = signed_in("john");
  auto susan = signed_in("susan");
  auto mary = signed_in("mary");
  ASSERT_EQ(send(john, "susan", "john to susan").status, 302);
  ASSERT_EQ(send(susan, "john", "susan to john").status, 302);
  ASSERT_EQ(send(mary, "susan", "mary to susan").status, 302);

  auto res = susan.get("/messages");
  EXPECT_THAT(res.body, HasSubstr("john to susan"));
  EXPECT_THAT(res.body, HasSubstr("mary to susan"));
  EXPECT_THAT(res.body, Not(HasSubstr("susan to john")));
  res = john.get("/messages");
  EXPECT_THAT(res.body, HasSubstr("susan to john"));
  EXPECT_THAT(res.body, Not(HasSubstr("to susan")));
  // Nothing in the address names whose inbox it is.
  res = mary.get("/messages?user=susan");
  EXPECT_THAT(res.body, Not(HasSubstr("to susan")));
  EXPECT_THAT(res.body, HasSubstr("No messages yet."));
  EXPECT_EQ(mary.get("/messages/susan").status, 404);
  // John reading his inbox did not mark Susan's... she read hers, so send one more.
  ASSERT_EQ(send(mary, "susan", "later").status, 302);
  john.get("/messages");
  EXPECT_EQ(unread("susan"), 1);
}

TEST_P(MessagesTest, SignedOutVisitorsAreSentToSignIn) {
  register_user("susan", "susan@example.com");
  auto anon = client();
  for (const std::string path : {"/messages", "/send_message/susan"}) {
    const auto res = anon.get(path);
    EXPECT_EQ(res.status, 302) << path;
    EXPECT_THAT(res.header("location"), HasSubstr("/auth/login?next=")) << path;
  }
  // A form post without a session has no CSRF token to show.
  EXPECT_EQ(anon.post_form("/send_message/susan", {{"message", "hi"}}).status, 403);
  EXPECT_EQ(stored_messages(), 0);
}

TEST_P(MessagesTest, NoMessageToOneselfOrToNobody) {
  register_user("john", "john@example.com");
  auto john = signed_in("john");
  auto res = john.get("/send_message/john");
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/user/john");
  EXPECT_THAT(john.get("/user/john").body,
              HasSubstr("You cannot send a private message to yourself."));
  // A form opened on another page cannot be posted to oneself either.
  res = john.submit("/index", "/send_message/john", {{"message", "note to self"}});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/user/john");
  EXPECT_EQ(stored_messages(), 0);

  EXPECT_EQ(john.get("/send_message/nobody").status, 404);
  EXPECT_EQ(john.get("/send_message/not%20a%20name").status, 404);
  res = john.submit("/index", "/send_message/nobody", {{"message", "anyone there?"}});
  EXPECT_EQ(res.status, 404);
  EXPECT_THAT(res.body, HasSubstr("There is no user by that name."));
  EXPECT_EQ(stored_messages(), 0);
}

TEST_P(MessagesTest, InvalidMessagesAreRefusedWithTheTextKept) {
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  auto res = send(john, "susan", "  \r\n ");
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Please write something."));
  EXPECT_THAT(res.body, HasSubstr("Your message was not sent. Please correct it below."));
  EXPECT_THAT(res.body, HasSubstr("is-invalid"));
  res = send(john, "susan", std::string(141, 'z'));
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Keep it to 140 characters or fewer (this has 141)."));
  EXPECT_THAT(res.body, HasSubstr(std::string(141, 'z') + "</textarea>"));
  res = send(john, "susan", "bad \x01 byte");
  EXPECT_THAT(res.body, HasSubstr("characters that are not allowed"));
  EXPECT_EQ(stored_messages(), 0);
  EXPECT_EQ(unread("susan"), 0);
  // Exactly 140 characters after trimming is fine.
  EXPECT_EQ(send(john, "susan", " " + std::string(140, 'y') + " ").status, 302);
  EXPECT_EQ(stored_messages(), 1);
}

TEST_P(MessagesTest, SendingIsRateLimitedAndNothingIsStoredOverIt) {
  start({{"MESSAGES_PER_USER_PER_MINUTE", "2"}});
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  ASSERT_EQ(send(john, "susan", "one").status, 302);
  ASSERT_EQ(send(john, "susan", "two").status, 302);
  const auto res = send(john, "susan", "three is too many");
  EXPECT_EQ(res.status, 429);
  EXPECT_GT(std::stoi(res.header("retry-after")), 0);
  EXPECT_THAT(res.body, HasSubstr("You are sending messages too often."));
  EXPECT_THAT(res.body, HasSubstr("three is too many</textarea>"));
  EXPECT_EQ(stored_messages(), 2);
  EXPECT_EQ(unread("susan"), 2);
  // Another sender has a limit of their own.
  auto susan = signed_in("susan");
  EXPECT_EQ(send(susan, "john", "hi john").status, 302);
}

TEST_P(MessagesTest, TheInboxPagesWithKeysetLinks) {
  start({{"POSTS_PER_PAGE", "2"}});
  register_user("john", "john@example.com");
  register_user("susan", "susan@example.com");
  auto john = signed_in("john");
  for (int i = 1; i <= 5; ++i) {
    ASSERT_EQ(send(john, "susan", "message number " + std::to_string(i) + ".").status, 302);
  }
  auto susan = signed_in("susan");
  auto res = susan.get("/messages");
  EXPECT_EQ(count(res.body, "<article class=\"post"), 2);
  EXPECT_THAT(res.body, HasSubstr("message number 5."));
  EXPECT_THAT(res.body, HasSubstr("message number 4."));
  EXPECT_EQ(link(res.body, "/messages?after="), "");
  const std::string second = link(res.body, "/messages?before=");
  ASSERT_NE(second, "") << res.body;

  res = susan.get(second);
  EXPECT_EQ(count(res.body, "<article class=\"post"), 2);
  EXPECT_THAT(res.body, HasSubstr("message number 3."));
  EXPECT_THAT(res.body, HasSubstr("message number 2."));
  const std::string back = link(res.body, "/messages?after=");
  const std::string third = link(res.body, "/messages?before=");
  ASSERT_NE(back, "");
  ASSERT_NE(third, "");

  res = susan.get(third);
  EXPECT_EQ(count(res.body, "<article class=\"post"), 1);
  EXPECT_THAT(res.body, HasSubstr("message number 1."));
  EXPECT_EQ(link(res.body, "/messages?before="), "");

  res = susan.get(back);
  EXPECT_EQ(count(res.body, "<article class=\"post"), 2);
  EXPECT_THAT(res.body, HasSubstr("message number 5."));
  EXPECT_THAT(res.body, HasSubstr("message number 4."));
  EXPECT_EQ(unread("susan"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MessagesTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing
