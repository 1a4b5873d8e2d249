// Private to kiosk/store: the numbered, forward-only schema migrations.
#pragma once

#include <string_view>
#include <vector>

namespace anl::store::migrations {

// kMigrations[i] takes a store from version i to version i+1. Never edit a released entry;
// append a new one (an old file on a terminal must always be able to move forward).
const std::vector<std::string_view>& All();

}  // namespace anl::store::migrations
