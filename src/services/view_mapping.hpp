#pragma once

// Rows to view types: for the services' own .cpp files only (it sees the database layer).

#include <vector>

#include "db/follow_repository.hpp"
#include "db/message_repository.hpp"
#include "db/post_repository.hpp"
#include "db/user_repository.hpp"
#include "services/view_types.hpp"

namespace microblog::services {

UserProfile to_profile(const db::UserRow& row);
UserCard to_card(const db::UserSummary& row);
PostView to_view(const db::PostRow& row);
MessageView to_message_view(const db::MessageRow& row);

// A page of rows as view types, through one of the functions above.
template <typename View, typename Row>
std::vector<View> to_views(const std::vector<Row>& rows, View (*convert)(const Row&)) {
  std::vector<View> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back(convert(row));
  }
  return out;
}

}  // namespace microblog::services
