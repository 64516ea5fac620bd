#include "util/templates.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace microblog::util {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    throw std::runtime_error("cannot read template " + path.string());
  }
  return text.str();
}

}  // namespace

Templates::Templates(const std::string& root_dir, const Transform& transform)
    : root_(root_dir), cache_(std::make_unique<ctemplate::TemplateCache>()) {
  cache_->SetTemplateRootDirectory(root_dir);
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root_dir, ec)) {
    throw std::runtime_error("the templates folder " + root_dir + " does not exist");
  }
  for (const auto& entry : fs::recursive_directory_iterator(root_dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".tpl") {
      continue;
    }
    const std::string key = entry.path().lexically_relative(root_dir).generic_string();
    std::string source = read_file(entry.path());
    if (transform) {
      try {
        source = transform(source);
      } catch (const std::exception& e) {
        throw std::runtime_error("template " + key + ": " + e.what());
      }
    }
    // Registered under its relative name, which is what pages and {{>INCLUDE}}s ask for, once
    // per blank-line mode (ctemplate keys a parsed template by both).
    for (const auto strip : {ctemplate::STRIP_BLANK_LINES, ctemplate::DO_NOT_STRIP}) {
      if (!cache_->StringToTemplateCache(key, source, strip)) {
        throw std::runtime_error(std::string("template ")
                                     .append(key)
                                     .append(" does not parse (in ")
                                     .append(root_dir)
                                     .append(")"));
      }
    }
  }
  cache_->Freeze();
}

Templates::~Templates() = default;

void Templates::expand(const std::string& file, const Dictionary& dict, Blank blank,
                       std::string& out) const {
  const auto strip = blank == Blank::strip ? ctemplate::STRIP_BLANK_LINES : ctemplate::DO_NOT_STRIP;
  if (!cache_->ExpandWithData(file, strip, &dict, nullptr, &out)) {
    throw std::runtime_error("template expansion failed for " + file + " (templates in " + root_ +
                             ")");
  }
}

std::string Templates::expand(const std::string& file, const Dictionary& dict, Blank blank) const {
  std::string out;
  expand(file, dict, blank, out);
  return out;
}

}  // namespace microblog::util
