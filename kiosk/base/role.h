// role: what a device is at its site. One enum for the terminal, its store, ctl, the sync
// protocol and the central service; its wire and file spelling is RoleName.
// Owns: the names of the roles (devices' and staff members') and reading them back.
// Must never: say what a role may do (sync/protocol's policy table and the core decide that).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace anl {

enum class Role {
    kKiosk,  // visitors take tickets and book; sees no personal data
    kDesk,   // staff call, serve, transfer, note
    kBoard,  // the call display: listens only
    kAdmin,  // administrators and ctl operators: configure the site
};
inline constexpr std::array<Role, 4> kAllRoles = {Role::kKiosk, Role::kDesk, Role::kBoard, Role::kAdmin};

// "kiosk", "desk", "board", "admin": in the protocol, the store's devices table, --role flags.
constexpr std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kKiosk: return "kiosk";
        case Role::kDesk: return "desk";
        case Role::kBoard: return "board";
        case Role::kAdmin: return "admin";
    }
    return "kiosk";
}

// The role named `name` exactly, or nullopt (never a guess: a device's role limits what it
// may send, so an unknown word is refused by the caller with its own sentence).
constexpr std::optional<Role> ParseRole(std::string_view name) {
    for (Role role : kAllRoles)
        if (RoleName(role) == name) return role;
    return std::nullopt;
}

// What a staff member is (docs/ROLES.md): one or more of these per person. What each may do
// is the core's rights table (kiosk/core, core.h section 12); here only the names, shared by
// the store, ctl, the sync protocol (staff records) and the central.
enum class StaffRole { kAdministrator, kSupervisor, kDesk, kCaseManager };
inline constexpr std::array<StaffRole, 4> kAllStaffRoles = {StaffRole::kAdministrator, StaffRole::kSupervisor,
                                                            StaffRole::kDesk, StaffRole::kCaseManager};

// "administrator", "supervisor", "desk", "case_manager": the store, staff files, ctl, the wire.
constexpr std::string_view StaffRoleName(StaffRole role) {
    switch (role) {
        case StaffRole::kAdministrator: return "administrator";
        case StaffRole::kSupervisor: return "supervisor";
        case StaffRole::kDesk: return "desk";
        case StaffRole::kCaseManager: return "case_manager";
    }
    return "desk";
}

constexpr std::optional<StaffRole> ParseStaffRole(std::string_view name) {
    for (StaffRole role : kAllStaffRoles)
        if (StaffRoleName(role) == name) return role;
    return std::nullopt;
}

}  // namespace anl
