#include "cli/translate.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "i18n/languages.hpp"
#include "i18n/template_text.hpp"

namespace microblog::cli {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw TranslateError("cannot read " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) {
    throw TranslateError("cannot write " + path.string());
  }
}

// Files under root/dir whose names end in `suffix`, relative to root, sorted.
std::vector<std::string> files_under(const fs::path& root, const std::string& dir,
                                     const std::string& suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(root / dir, ec)) {
    throw TranslateError((root / dir).string() + " is not a folder: is " + root.string() +
                         " the source tree (see --root)?");
  }
  for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(entry.path().lexically_relative(root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string po_quote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

// A temporary folder removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "microblog-translate-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw TranslateError(std::string("cannot make a temporary folder: ") + std::strerror(errno));
    }
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<fs::path> po_files(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& name : files_under(root, "translations", ".po")) {
    out.push_back(root / name);
  }
  if (out.empty()) {
    throw TranslateError("no translations/*.po under " + root.string());
  }
  return out;
}

}  // namespace

void run_tool(const std::vector<std::string>& argv, const fs::path& dir) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw TranslateError("cannot start " + argv.front() + ": " + std::strerror(errno));
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    if (::chdir(dir.c_str()) != 0) {
      ::_exit(126);
    }
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw TranslateError("lost " + argv.front() + ": " + std::strerror(errno));
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    return;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    throw TranslateError(argv.front() + " could not be run: is gettext installed?");
  }
  if (WIFEXITED(status)) {
    throw TranslateError(argv.front() + " failed (exit status " +
                         std::to_string(WEXITSTATUS(status)) + "); its messages are above");
  }
  throw TranslateError(argv.front() + " was killed by signal " +
                       std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0));
}

std::string template_catalog(const fs::path& root) {
  // msgid -> its references, in file then line order.
  std::map<std::string, std::vector<std::string>> found;
  for (const auto& name : files_under(root, "templates", ".tpl")) {
    std::vector<i18n::TemplateMessage> messages;
    try {
      messages = i18n::template_messages(read_file(root / name));
    } catch (const std::runtime_error& e) {
      throw TranslateError(name + ": " + e.what());
    }
    for (const auto& m : messages) {
      found[m.msgid].push_back(name + ":" + std::to_string(m.line));
    }
  }
  // The header says the charset; msgcat takes it for the whole catalog.
  std::string pot =
      "msgid \"\"\n"
      "msgstr \"\"\n"
      "\"Project-Id-Version: microblog\\n\"\n"
      "\"MIME-Version: 1.0\\n\"\n"
      "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"Content-Transfer-Encoding: 8bit\\n\"\n"
      "\"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n\"\n";
  for (const auto& [msgid, refs] : found) {
    pot += "\n#:";
    for (const auto& ref : refs) {
      pot += " " + ref;
    }
    pot += "\nmsgid " + po_quote(msgid) + "\nmsgstr \"\"\n";
  }
  return pot;
}

fs::path default_pot(const fs::path& root) {
  return root / "translations" / (std::string(i18n::kMessagesDomain) + ".pot");
}

void translate_extract(const fs::path& root_in, const fs::path& pot_in, std::ostream& log) {
  // Absolute: the tools run with the root as their working folder.
  const fs::path root = fs::absolute(root_in).lexically_normal();
  const fs::path pot = fs::absolute(pot_in).lexically_normal();
  const TempDir tmp;
  const fs::path code_pot = tmp.path() / "code.pot";
  const fs::path templates_pot = tmp.path() / "templates.pot";
  // Relative paths, run from the root: the references read "src/web/views.cpp:24".
  std::vector<std::string> xgettext = {
      "xgettext",      "--from-code=UTF-8", "--language=C++", "-kt", "-ktn:1,2",
      "--sort-output", "--force-po",        "--omit-header",  "-o",  code_pot.string()};
  const auto sources = files_under(root, "src", ".cpp");
  xgettext.insert(xgettext.end(), sources.begin(), sources.end());
  run_tool(xgettext, root);
  write_file(templates_pot, template_catalog(root));
  // The templates' catalog first: its header (charset UTF-8) is the one kept.
  run_tool(
      {"msgcat", "--sort-output", "-o", pot.string(), templates_pot.string(), code_pot.string()},
      root);
  log << "wrote " << (pot_in.is_relative() ? pot_in.lexically_normal() : pot).string() << " from "
      << sources.size() << " source files and the templates\n";
}

void translate_update(const fs::path& root_in, std::ostream& log) {
  const fs::path root = fs::absolute(root_in).lexically_normal();
  const fs::path pot = default_pot(root);
  std::error_code ec;
  if (!fs::is_regular_file(pot, ec)) {
    throw TranslateError(pot.string() + " is missing: run 'microblog translate extract' first");
  }
  for (const auto& po : po_files(root)) {
    run_tool({"msgmerge", "--quiet", "--update", "--backup=none", po.string(), pot.string()}, root);
    log << "updated " << po.lexically_relative(root).generic_string() << "\n";
  }
}

void translate_compile(const fs::path& root_in, const fs::path& locale_dir_in, std::ostream& log) {
  const fs::path root = fs::absolute(root_in).lexically_normal();
  const fs::path locale_dir = fs::absolute(locale_dir_in).lexically_normal();
  for (const auto& po : po_files(root)) {
    const fs::path dir = locale_dir / po.stem() / "LC_MESSAGES";
    fs::create_directories(dir);
    const fs::path mo = dir / (std::string(i18n::kMessagesDomain) + ".mo");
    run_tool({"msgfmt", "--check", "--statistics", "-o", mo.string(), po.string()}, root);
    log << "compiled " << mo.string() << "\n";
  }
}

}  // namespace microblog::cli
