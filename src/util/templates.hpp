#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <ctemplate/template.h>

namespace microblog::util {

// The site's ctemplate files under one root folder, loaded once and shared by the page views
// and by mail composition. An object handed to whoever renders, rather than ctemplate's
// process-wide default root, so that nothing depends on someone else having set that root.
class Templates {
 public:
  using Dictionary = ctemplate::TemplateDictionary;
  enum class Blank { strip, keep };

  // Rewrites a template's source before ctemplate parses it (the interface languages replace
  // their text markers); none: the files as they are.
  using Transform = std::function<std::string(std::string_view source)>;

  // Reads every *.tpl under root_dir now, through `transform`, so that a page never waits on a
  // file and each language's copy is made once. Throws std::runtime_error naming the file when
  // one cannot be read, transformed or parsed.
  explicit Templates(const std::string& root_dir, const Transform& transform = nullptr);
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
