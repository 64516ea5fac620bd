#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace microblog::i18n {

// Templates mark the text a reader sees as [[English text]]. The marker is ours, not
// ctemplate's: each language's copy of a template is made once at start-up by replacing every
// marker with its translation, so ctemplate never sees one and a page costs nothing more to
// render in Spanish than in English. A msgid is the marked text with every run of white space
// made one space, so a template may wrap long text over several lines. Marked text may hold
// template variables ("Hi, {{USERNAME}}!") and HTML entities: the translation keeps them.

struct TemplateMessage {
  std::string msgid;
  int line = 0;  // 1-based line of the marker's start, for the .pot's "#:" comments
};

// Every marked text of a template, in order. Throws std::runtime_error on a marker that is
// never closed or is empty, naming the line.
std::vector<TemplateMessage> template_messages(std::string_view source);

// The template with each marker replaced by translate(msgid).
using Translate = std::function<std::string(const std::string& msgid)>;
std::string localize_template(std::string_view source, const Translate& translate);

}  // namespace microblog::i18n
