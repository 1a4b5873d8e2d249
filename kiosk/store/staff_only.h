// Private to kiosk/store: the one check that a staff action runs on a staff terminal.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/base/base.h"
#include "kiosk/base/role.h"

namespace anl::store {

// Kiosks and call displays do not cancel appointments, give referrals or hand visits on (the
// central refuses such events from them too); a desk or an administrator's terminal may.
inline Status OnlyADesk(Role role, std::string_view what) {
    if (role == Role::kKiosk || role == Role::kBoard)
        return MakeError(ErrorCode::kRejected,
                         "Only a desk can " + std::string(what) + "; a " + std::string(RoleName(role)) + " cannot.");
    return {};
}

}  // namespace anl::store
