#include <gmock/gmock.h>

#include "http/http_fixture.hpp"
#include "support/mail_sink.hpp"

namespace microblog::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSpanishBrowser = "es-ES,es;q=0.9,en;q=0.5";
constexpr const char* kEnglishBrowser = "en-GB,en;q=0.9";

class I18nTest : public HttpTest {
 protected:
  // Chooses `code` with the navbar's selector from `page`; returns the answer to the POST.
  HttpResult choose(HttpClient& c, const std::string& page, const std::string& code) {
    return c.submit(page, "/language", {{"language", code}, {"next", page}});
  }

  // user.language as stored; "NULL" when never chosen.
  std::string saved_language(const std::string& username) {
    auto conn = database().db().connect();
    std::string language;
    soci::indicator ind = soci::i_null;
    conn.sql() << "SELECT language FROM user WHERE username = :u", soci::use(username),
        soci::into(language, ind);
    return ind == soci::i_ok ? language : "NULL";
  }
};

TEST_P(I18nTest, SignedOutPagesFollowAcceptLanguage) {
  auto c = client();
  auto res = c.get("/auth/login", {{"Accept-Language", kSpanishBrowser}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(res.body, HasSubstr("<title>Iniciar sesión - Microblog</title>"));
  EXPECT_THAT(res.body, HasSubstr(">Nombre de usuario</label>"));
  EXPECT_THAT(res.body, HasSubstr("¿Primera vez aquí? <a href=\"/auth/register\">Regístrate</a>"));
  EXPECT_THAT(res.body, Not(HasSubstr("Keep me signed in")));
  // The selector offers both languages, each by its own name, the page's one selected.
  EXPECT_THAT(res.body, HasSubstr("<option value=\"es\" lang=\"es\" selected>Español</option>"));
  EXPECT_THAT(res.body, HasSubstr("<option value=\"en\" lang=\"en\" >English</option>"));

  res = c.get("/auth/login", {{"Accept-Language", kEnglishBrowser}});
  EXPECT_THAT(res.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(res.body, HasSubstr("Keep me signed in"));
  // No header, or only languages not offered: the default.
  EXPECT_THAT(c.get("/auth/login").body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(c.get("/auth/login", {{"Accept-Language", "fr-FR,de;q=0.5"}}).body,
              HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(c.get("/auth/login", {{"Accept-Language", "es;q=nonsense"}}).body,
              HasSubstr("<html lang=\"en\">"));
}

TEST_P(I18nTest, ErrorPagesAreInTheVisitorsLanguageToo) {
  auto c = client();
  auto res = c.get("/no/such/page", {{"Accept-Language", kSpanishBrowser}});
  EXPECT_EQ(res.status, 404);
  EXPECT_THAT(res.body, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(res.body, HasSubstr("Página no encontrada"));
  EXPECT_THAT(res.body, HasSubstr("No hay nada en esta dirección."));
  res = c.request("DELETE", "/auth/login", "", {{"Accept-Language", kSpanishBrowser}});
  EXPECT_EQ(res.status, 405);
  EXPECT_THAT(res.body, HasSubstr("Método no permitido"));
  // A form without its CSRF token, answered by the dispatcher before any handler.
  res = c.post_form("/auth/login", {{"username", "x"}}, {{"Accept-Language", kSpanishBrowser}});
  EXPECT_EQ(res.status, 403);
  EXPECT_THAT(res.body, HasSubstr("Este formulario ha caducado"));
}

TEST_P(I18nTest, FormErrorsAndFlashesInSpanishByAcceptLanguage) {
  auto c = client();
  c.always_send("Accept-Language", kSpanishBrowser);
  auto res = c.submit("/auth/login", "/auth/login", {{"username", ""}, {"password", ""}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Escribe tu nombre de usuario y tu contraseña."));
  res = c.submit("/auth/register", "/auth/register",
                 {{"username", "ana"},
                  {"email", "ana@example.com"},
                  {"password", "short"},
                  {"password2", "short"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_THAT(res.body, HasSubstr("Las contraseñas deben tener al menos 8 caracteres."));
  res = c.submit("/auth/register", "/auth/register",
                 {{"username", "ana"},
                  {"email", "ana@example.com"},
                  {"password", "correct horse battery"},
                  {"password2", "correct horse battery"}});
  ASSERT_EQ(res.status, 302);
  res = c.get("/auth/login");
  EXPECT_THAT(
      res.body,
      HasSubstr("¡Te damos la bienvenida a Microblog! Tu cuenta está lista: inicia sesión."));
}

TEST_P(I18nTest, SelectorSignedOutKeepsTheChoiceInACookieAndSaysSoInTheNewLanguage) {
  auto c = client();
  c.always_send("Accept-Language", kEnglishBrowser);
  const auto res = choose(c, "/auth/register?x=1", "es");
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/auth/register?x=1");
  bool found = false;
  for (const auto& set : res.all("set-cookie")) {
    if (set.rfind("lang=", 0) == 0) {
      found = true;
      EXPECT_EQ(set, "lang=es; Path=/; Max-Age=31536000; SameSite=Lax");
    }
  }
  EXPECT_TRUE(found);
  // The cookie wins over Accept-Language, on every page.
  auto page = c.get("/auth/register?x=1");
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(page.body, HasSubstr("Ahora el sitio se muestra en español."));
  EXPECT_THAT(page.body, HasSubstr("Crea una cuenta"));
  EXPECT_THAT(c.get("/auth/login").body, HasSubstr("<html lang=\"es\">"));
  // And back: the confirmation is in English then.
  choose(c, "/auth/login", "en");
  page = c.get("/auth/login");
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(page.body, HasSubstr("The site is now shown in English."));
}

TEST_P(I18nTest, SelectorNeverSendsAwayFromTheSite) {
  auto c = client();
  auto res =
      c.submit("/auth/login", "/language", {{"language", "es"}, {"next", "https://evil.example/"}});
  EXPECT_EQ(res.status, 302);
  EXPECT_EQ(res.header("location"), "/index");
}

TEST_P(I18nTest, AnUnofferedLanguageIsRefusedAndNothingIsKept) {
  register_user("ana", "ana@example.com");
  auto c = signed_in("ana");
  for (const std::string bad : {"fr", "", "es-ES", "ES", "<script>", "en; Path=/x"}) {
    SCOPED_TRACE(bad);
    const auto res = choose(c, "/index", bad);
    EXPECT_EQ(res.status, 400);
    EXPECT_THAT(res.body, HasSubstr("This site is not available in that language."));
    for (const auto& set : res.all("set-cookie")) {
      EXPECT_THAT(set, Not(HasSubstr("lang=")));
    }
  }
  EXPECT_FALSE(c.cookie("lang"));
  EXPECT_EQ(saved_language("ana"), "NULL");
  // Without its CSRF token the selector does nothing either.
  EXPECT_EQ(c.post_form("/language", {{"language", "es"}}).status, 403);
  EXPECT_EQ(saved_language("ana"), "NULL");
}

TEST_P(I18nTest, SignedInChoiceIsSavedAndWinsOverAcceptLanguageAfterSigningInAgain) {
  register_user("ana", "ana@example.com");
  auto c = signed_in("ana");
  c.always_send("Accept-Language", kEnglishBrowser);
  EXPECT_THAT(c.get("/index").body, HasSubstr("<html lang=\"en\">"));
  ASSERT_EQ(choose(c, "/index", "es").status, 302);
  EXPECT_EQ(saved_language("ana"), "es");
  auto page = c.get("/index");
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(page.body, HasSubstr("¡Hola, ana!"));
  EXPECT_THAT(page.body, HasSubstr("Ahora el sitio se muestra en español."));

  // Another browser, English, without the cookie: signed out it is English, signed in Spanish.
  auto other = client();
  other.always_send("Accept-Language", kEnglishBrowser);
  EXPECT_THAT(other.get("/auth/login").body, HasSubstr("<html lang=\"en\">"));
  const auto res = other.submit("/auth/login", "/auth/login",
                                {{"username", "ana"}, {"password", "correct horse battery"}});
  ASSERT_EQ(res.status, 302);
  EXPECT_FALSE(other.cookie("lang"));
  page = other.get("/index");
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(page.body, HasSubstr(">Publicar</button>"));
  // Even over a lang cookie saying otherwise: the profile's choice is the person's.
  other.set_cookie("lang", "en");
  EXPECT_THAT(other.get("/explore").body, HasSubstr("<html lang=\"es\">"));
  // Signed out again, the browser's own settings apply.
  other.submit("/index", "/auth/logout", {});
  EXPECT_THAT(other.get("/auth/login").body, HasSubstr("<html lang=\"en\">"));
}

TEST_P(I18nTest, ProfileCountsTakeTheRightPluralInEachLanguage) {
  register_user("ana", "ana@example.com");
  register_user("bob", "bob@example.com");
  auto ana = signed_in("ana");
  auto bob = signed_in("bob");
  const auto counts = [&](HttpClient& c, const char* accept) {
    const auto body = c.get("/user/ana", {{"Accept-Language", accept}}).body;
    const auto start = body.find("<p class=\"profile-counts");
    const auto end = body.find("</p>", start);
    EXPECT_NE(start, std::string::npos);
    std::string text;
    bool in_tag = false;
    for (const char ch : body.substr(start, end - start)) {
      if (ch == '<' || ch == '>') {
        in_tag = ch == '<';
      } else if (!in_tag) {
        text += ch;
      }
    }
    return text;
  };
  EXPECT_EQ(counts(ana, kEnglishBrowser), "0 followers, 0 following, 0 posts");
  EXPECT_EQ(counts(ana, kSpanishBrowser), "0 seguidores, 0 seguidos, 0 publicaciones");

  ASSERT_EQ(ana.submit("/index", "/index", {{"post", "uno"}}).status, 302);
  ASSERT_EQ(bob.submit("/user/ana", "/follow/ana", {}).status, 302);
  ASSERT_EQ(ana.submit("/user/bob", "/follow/bob", {}).status, 302);
  EXPECT_EQ(counts(ana, kEnglishBrowser), "1 follower, 1 following, 1 post");
  EXPECT_EQ(counts(ana, kSpanishBrowser), "1 seguidor, 1 seguido, 1 publicación");

  ASSERT_EQ(ana.submit("/index", "/index", {{"post", "dos"}}).status, 302);
  EXPECT_EQ(counts(ana, kEnglishBrowser), "1 follower, 1 following, 2 posts");
  EXPECT_EQ(counts(ana, kSpanishBrowser), "1 seguidor, 1 seguido, 2 publicaciones");
}

TEST_P(I18nTest, CachedPostListsAreKeptPerLanguage) {
  start({{"POSTS_PER_PAGE", "1"}});
  register_user("ana", "ana@example.com");
  auto c = signed_in("ana");
  ASSERT_EQ(c.submit("/index", "/index", {{"post", "first"}}).status, 302);
  ASSERT_EQ(c.submit("/index", "/index", {{"post", "second"}}).status, 302);
  // The same list (same content version), read in English, then Spanish, then English.
  auto page = c.get("/explore", {{"Accept-Language", kEnglishBrowser}});
  EXPECT_THAT(page.body, HasSubstr("Older posts"));
  page = c.get("/explore", {{"Accept-Language", kSpanishBrowser}});
  EXPECT_THAT(page.body, HasSubstr("Publicaciones anteriores"));
  EXPECT_THAT(page.body, Not(HasSubstr("Older posts")));
  page = c.get("/explore", {{"Accept-Language", kEnglishBrowser}});
  EXPECT_THAT(page.body, HasSubstr("Older posts"));
  EXPECT_THAT(page.body, Not(HasSubstr("Publicaciones anteriores")));
  // A page past the end, as cached, says there is nothing in the reader's language.
  EXPECT_THAT(c.get("/explore?page=9", {{"Accept-Language", kSpanishBrowser}}).body,
              HasSubstr("Todavía no hay publicaciones."));
  EXPECT_THAT(c.get("/explore?page=9", {{"Accept-Language", kEnglishBrowser}}).body,
              HasSubstr("No posts yet."));
}

TEST_P(I18nTest, FollowFlashesAndPageTitlesAreTranslated) {
  register_user("ana", "ana@example.com");
  register_user("bob", "bob@example.com");
  auto c = signed_in("ana");
  c.always_send("Accept-Language", kSpanishBrowser);
  ASSERT_EQ(c.submit("/user/bob", "/follow/bob", {}).status, 302);
  auto page = c.get("/user/bob");
  EXPECT_THAT(page.body, HasSubstr("¡Ahora sigues a bob!"));
  EXPECT_THAT(page.body, HasSubstr(">Dejar de seguir</button>"));
  page = c.get("/user/bob/followers");
  EXPECT_THAT(page.body, HasSubstr("<title>Personas que siguen a bob - Microblog</title>"));
}

INSTANTIATE_TEST_SUITE_P(Backends, I18nTest, ::testing::ValuesIn(all_backends()), backend_name);

// The two mails to users, in Spanish: the reset mail in the language of the page that asked for
// it, the notice after the reset in the user's saved language or else the page's.
class I18nMailTest : public HttpTest {
 protected:
  void SetUp() override {
    sink_.start();
    start({{"MAIL_SERVER", "127.0.0.1"},
           {"MAIL_PORT", std::to_string(sink_.port())},
           {"ADMINS", "admin@microblog.test"},
           {"BASE_URL", "http://microblog.test:8080"}});
  }

  int run_jobs() { return server().app().jobs().run_until_idle(util::now_micros()); }

  // Asks for a reset of `email`, opens the mailed link and sets a new password, all from `c`;
  // returns the two mails (reset, then notice).
  std::vector<std::string> reset_password(HttpClient& c, const std::string& email,
                                          std::size_t already_received) {
    EXPECT_EQ(
        c.submit("/auth/reset_password_request", "/auth/reset_password_request", {{"email", email}})
            .status,
        302);
    EXPECT_EQ(run_jobs(), 1);
    auto mails = sink_.wait_for(already_received + 1);
    EXPECT_EQ(mails.size(), already_received + 1);
    const std::string text = mail_part(mails.back(), "text/plain");
    const auto at = text.find("http://microblog.test:8080/auth/reset_password/");
    EXPECT_NE(at, std::string::npos) << text;
    const auto end = text.find_first_of(" \n", at);
    const std::string link = text.substr(at + 26, end - at - 26);
    EXPECT_EQ(c.get(link).status, 302);
    EXPECT_EQ(c.submit("/auth/reset_password", "/auth/reset_password",
                       {{"password", "a brand new secret"}, {"password2", "a brand new secret"}})
                  .status,
              302);
    EXPECT_EQ(run_jobs(), 1);
    mails = sink_.wait_for(already_received + 2);
    EXPECT_EQ(mails.size(), already_received + 2);
    return {mails.end() - 2, mails.end()};
  }

  SmtpSink sink_;
};

TEST_P(I18nMailTest, BothMailsInSpanishWhenTheRequestIsInSpanish) {
  register_user("susana", "susana@example.com");
  auto c = client();
  c.always_send("Accept-Language", kSpanishBrowser);
  const auto mails = reset_password(c, "susana@example.com", 0);
  ASSERT_EQ(mails.size(), 2U);
  EXPECT_EQ(decode_header_words(mail_header(mails[0], "Subject")),
            "[Microblog] Restablece tu contraseña");
  const std::string text = mail_part(mails[0], "text/plain");
  EXPECT_THAT(text, HasSubstr("Hola, susana:"));
  EXPECT_THAT(text, HasSubstr("durante 60 minutos"));
  EXPECT_THAT(text, HasSubstr("El equipo de Microblog"));
  EXPECT_THAT(text, Not(HasSubstr("Dear")));
  EXPECT_THAT(mail_part(mails[0], "text/html"), HasSubstr("<html lang=\"es\">"));
  EXPECT_THAT(mail_part(mails[0], "text/html"), HasSubstr("haz clic aquí</a>"));

  EXPECT_EQ(decode_header_words(mail_header(mails[1], "Subject")),
            "[Microblog] Se ha cambiado tu contraseña");
  EXPECT_THAT(mail_part(mails[1], "text/plain"),
              HasSubstr("Se acaba de cambiar la contraseña de tu cuenta de Microblog"));
  EXPECT_THAT(mail_part(mails[1], "text/html"), HasSubstr("<html lang=\"es\">"));
  // The flash after the reset, in the same language.
  EXPECT_THAT(c.get("/auth/login").body,
              HasSubstr("Se ha restablecido tu contraseña. Inicia sesión con ella."));
}

TEST_P(I18nMailTest, TheNoticeFollowsTheSavedChoiceTheResetMailTheRequest) {
  register_user("susana", "susana@example.com");
  {
    auto c = signed_in("susana");
    ASSERT_EQ(c.submit("/index", "/language", {{"language", "es"}, {"next", "/index"}}).status,
              302);
  }
  // Asked from an English browser: the reset mail is English (the asker reads it now), the
  // notice Spanish (the account's language).
  auto c = client();
  c.always_send("Accept-Language", kEnglishBrowser);
  const auto mails = reset_password(c, "susana@example.com", 0);
  ASSERT_EQ(mails.size(), 2U);
  EXPECT_EQ(mail_header(mails[0], "Subject"), "[Microblog] Reset Your Password");
  EXPECT_THAT(mail_part(mails[0], "text/plain"), HasSubstr("within 60 minutes"));
  EXPECT_EQ(decode_header_words(mail_header(mails[1], "Subject")),
            "[Microblog] Se ha cambiado tu contraseña");
  EXPECT_THAT(mail_part(mails[1], "text/plain"), HasSubstr("Hola, susana:"));
}

INSTANTIATE_TEST_SUITE_P(Backends, I18nMailTest, ::testing::ValuesIn(all_backends()), backend_name);

}  // namespace
}  // namespace microblog::testing
