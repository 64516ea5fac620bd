#include "search/text.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

namespace microblog::search {
namespace {

const icu::Normalizer2& nfd() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
      throw std::runtime_error(std::string("ICU NFD normaliser unavailable: ") +
                               u_errorName(status));
    }
    return n;
  }();
  return *instance;
}

void append_utf8(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  std::int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), n, U8_MAX_LENGTH, c, error);
  if (!error) {
    out.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::vector<std::string> words(std::string_view text) {
  // fromUTF8 turns each invalid byte sequence into U+FFFD, which is no letter: a separator.
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  // Decompose, fold, decompose again: folding a decomposed letter can give a precomposed one
  // (and the other way round), and the marks must be separate code points to be removed.
  s = nfd().normalize(s, status);
  s.foldCase();
  s = nfd().normalize(s, status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU normalisation failed: ") + u_errorName(status));
  }
  std::vector<std::string> out;
  std::string current;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    const auto category = U_GET_GC_MASK(c);
    if ((category & U_GC_M_MASK) != 0) {
      continue;  // a combining mark: dropped, and it does not end the word
    }
    if ((category & (U_GC_L_MASK | U_GC_ND_MASK)) != 0) {
      append_utf8(current, c);
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) {
    out.push_back(std::move(current));
  }
  return out;
}

std::string token(std::string_view word) {
  const bool plain = std::all_of(word.begin(), word.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
  });
  std::string out;
  out.reserve(kMaxTokenLength);
  if (plain) {
    out = "xa";
    out.append(word.substr(0, kMaxTokenLength - 2));
    return out;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out = "xu";
  for (const char ch : word) {
    if (out.size() + 2 > kMaxTokenLength) {
      break;
    }
    const auto byte = static_cast<unsigned char>(ch);
    out.push_back(kHex[byte >> 4U]);
    out.push_back(kHex[byte & 0xFU]);
  }
  return out;
}

std::vector<std::string> tokens(std::string_view text) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& w : words(text)) {
    std::string t = token(w);
    if (seen.insert(t).second) {
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::string index_text(std::string_view body) {
  std::string out;
  for (const auto& t : tokens(body)) {
    if (!out.empty()) {
      out.push_back(' ');
    }
    out += t;
  }
  return out;
}

}  // namespace microblog::search
