#pragma once

namespace microblog {

// The id of a stored row (user, post, session owner...): what every layer passes around,
// without having to see the database layer that hands it out.
using Id = long long;

}  // namespace microblog
