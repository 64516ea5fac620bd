#pragma once

#include <string>
#include <string_view>
#include <vector>

// How post bodies and search queries become the tokens the database indexes and matches
// (docs/search.md). Both sides go through the same functions, so a query word and the same word
// in a post always give the same token, whichever database engine stores it: the engines only
// ever see tokens of [a-z0-9], which no tokeniser of theirs can split or fold differently.
namespace microblog::search {

// The longest token: InnoDB ignores words longer than innodb_ft_max_token_size (84 by
// default), so a longer token would silently vanish from MariaDB's index but not SQLite's.
inline constexpr std::size_t kMaxTokenLength = 84;

// The words of `text`: maximal runs of Unicode letters and decimal digits after case folding
// (full folding: "Straße" and "STRASSE" are one word), canonical decomposition (NFD) and the
// removal of every combining mark ("Café" -> "cafe"). Anything else separates words, so "it's"
// is "it", "s" and "c++" is "c". A mark removed inside a word does not split it. Invalid UTF-8
// bytes separate words too. Words come in text order, repeats included; UTF-8.
std::vector<std::string> words(std::string_view text);

// The ASCII token of one word from words(): "xa" + the word when it is [a-z0-9] only, else
// "xu" + the lower-case hex of its UTF-8 bytes; then cut to kMaxTokenLength. The two-letter
// prefix makes every token at least three characters long (InnoDB's innodb_ft_min_token_size)
// and keeps it off InnoDB's stopword list ("w" with a "ww" prefix would be "www", a stopword).
std::string token(std::string_view word);

// The distinct tokens of `text`, in order of first appearance.
std::vector<std::string> tokens(std::string_view text);

// What the index stores for a post body: its distinct tokens separated by single spaces ("" for
// a body without words).
std::string index_text(std::string_view body);

}  // namespace microblog::search
