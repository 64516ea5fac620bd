#pragma once

#include <memory>
#include <string>

#include <ctemplate/template.h>

namespace microblog::util {

// The site's ctemplate files under one root folder, loaded once and shared by the page views
// and by mail composition. An object handed to whoever renders, rather than ctemplate's
// process-wide default root, so that nothing depends on someone else having set that root.
class Templates {
 public:
  using Dictionary = ctemplate::TemplateDictionary;
  enum class Blank { strip, keep };

  explicit Templates(const std::string& root_dir);
  Templates(const Templates&) = delete;
  Templates& operator=(const Templates&) = delete;
  ~Templates();

  // Expands `file` (relative to the root; included templates are found there too) into `out`,
  // appending; throws std::runtime_error when the file is missing or broken.
  void expand(const std::string& file, const Dictionary& dict, Blank blank, std::string& out) const;
  std::string expand(const std::string& file, const Dictionary& dict, Blank blank) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::unique_ptr<ctemplate::TemplateCache> cache_;
};

}  // namespace microblog::util
