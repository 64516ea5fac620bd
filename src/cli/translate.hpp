#pragma once

#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace microblog::cli {

// `microblog translate extract|update|compile`: the gettext tools run over a source tree (its
// root holds src/, templates/ and translations/). Each step throws TranslateError naming the
// tool and what went wrong; the tools are run directly (fork/exec), never through a shell.

struct TranslateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `pot` (by default translations/microblog.pot): xgettext over src/**/*.cpp (keywords t
// and tn:1,2) merged by msgcat with the [[...]] texts of templates/**/*.tpl, sorted by msgid.
void translate_extract(const std::filesystem::path& root, const std::filesystem::path& pot,
                       std::ostream& log);
// translations/microblog.pot under `root`.
std::filesystem::path default_pot(const std::filesystem::path& root);
// msgmerge --update of every translations/*.po with translations/microblog.pot.
void translate_update(const std::filesystem::path& root, std::ostream& log);
// msgfmt --check --statistics of every translations/<code>.po into
// locale_dir/<code>/LC_MESSAGES/microblog.mo.
void translate_compile(const std::filesystem::path& root, const std::filesystem::path& locale_dir,
                       std::ostream& log);

// The .pot text of the templates' marked texts, with "#: templates/<file>:<line>" references
// (paths relative to `root`), one entry per msgid, sorted. Exposed for the tests.
std::string template_catalog(const std::filesystem::path& root);

// Runs `argv` (argv[0] looked up in PATH) in `dir` and waits; throws TranslateError unless it
// exits with status 0.
void run_tool(const std::vector<std::string>& argv, const std::filesystem::path& dir);

}  // namespace microblog::cli
