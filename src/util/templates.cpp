#include "util/templates.hpp"

#include <stdexcept>

namespace microblog::util {

Templates::Templates(const std::string& root_dir)
    : root_(root_dir), cache_(std::make_unique<ctemplate::TemplateCache>()) {
  cache_->SetTemplateRootDirectory(root_dir);
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
