#pragma once

#include <limits>
#include <optional>
#include <vector>

#include "util/id.hpp"

namespace microblog::services {

// Which page of a list, newest first. Pages are cut by keyset: `before` an id or `after` one,
// so that rows added while someone pages never make a row repeat or vanish between pages. The
// page number (`?page=N`, the original's URLs) is served too, by skipping (N-1) pages in the
// index: a new row shifts every numbered page by one, so a reader can see a row twice or miss
// one; the links the site renders are therefore always keyset ones.
struct PageRequest {
  enum class Kind { newest, before, after, number };
  Kind kind = Kind::newest;
  long long value = 0;  // the cursor id, or the page number (>= 1)

  static constexpr long long kMaxPageNumber = 1'000'000;
  static constexpr Id kMaxCursor = std::numeric_limits<Id>::max() - 1;
};

// One page and the cursors of its neighbours: the newer page is `?after=<newer_after>`, the
// older one `?before=<older_before>`; nothing when there is no such page.
template <typename Row>
struct Page {
  std::vector<Row> rows;
  std::optional<Id> newer_after;
  std::optional<Id> older_before;
};

// The arguments of one list query: fetch older rows (below `cursor`, after skipping `offset`)
// or newer ones (above `cursor`); at most `limit`, returned newest first.
struct Slice {
  bool older = true;
  Id cursor = 0;
  int limit = 0;
  long long offset = 0;
};

// Runs `fetch(Slice)` once, asking for one row more than a page to learn whether another page
// follows, and works out the neighbours' cursors. Rows need an `id` that orders them.
template <typename Row, typename Fetch>
Page<Row> paginate(const PageRequest& req, int per_page, Fetch&& fetch) {
  constexpr Id kAbove = std::numeric_limits<Id>::max();
  Page<Row> page;
  Slice slice{true, kAbove, per_page + 1, 0};
  switch (req.kind) {
    case PageRequest::Kind::newest:
      break;
    case PageRequest::Kind::before:
      slice.cursor = req.value;
      break;
    case PageRequest::Kind::after:
      slice.older = false;
      slice.cursor = req.value;
      break;
    case PageRequest::Kind::number:
      slice.offset = (req.value - 1) * per_page;
      break;
  }
  page.rows = fetch(slice);
  const bool more = page.rows.size() > static_cast<std::size_t>(per_page);
  if (!slice.older) {
    // The extra row is the newest one: it belongs to the next newer page.
    if (more) {
      page.rows.erase(page.rows.begin());
      page.newer_after = page.rows.front().id;
    }
    // The cursor row itself, and what lies below it, are older.
    page.older_before = page.rows.empty() ? req.value + 1 : page.rows.back().id;
    return page;
  }
  if (more) {
    page.rows.pop_back();
    page.older_before = page.rows.back().id;
  }
  const bool first_page = req.kind == PageRequest::Kind::newest ||
                          (req.kind == PageRequest::Kind::number && req.value <= 1);
  if (!first_page) {
    if (!page.rows.empty()) {
      page.newer_after = page.rows.front().id;
    } else if (req.kind == PageRequest::Kind::before) {
      page.newer_after = req.value - 1;  // back to the rows from the cursor up
    } else {
      page.newer_after = 0;  // past the end of a numbered list: its oldest rows are "newer"
    }
  }
  return page;
}

}  // namespace microblog::services
