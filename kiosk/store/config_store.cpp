// store: the site configuration handed down by the central service (sync). Applied in one
// transaction with the catalogue tables and the staff list, so a terminal has either the
// old configuration or the new one, never half of each. See store.h "site configuration".
#include <set>

#include "kiosk/store/sql.h"
#include "kiosk/store/store.h"

namespace anl::store {

Status Store::ApplySiteConfig(const SiteConfigRecord& config) {
    if (config.version < 1) return MakeError(ErrorCode::kInvalidInput, "A configuration version starts at 1.");
    if (config.catalogue && config.catalogue->offices.empty())
        return MakeError(ErrorCode::kInvalidInput, "The configuration's catalogue has no offices.");
    return InConfigTransaction(config.catalogue ? &*config.catalogue : nullptr, [&](sql::Connection& db) -> Status {
        auto applied = db.QueryInt("SELECT coalesce(max(version), 0) FROM site_config");
        if (!applied.ok()) return applied.error();
        if (config.version <= applied.value())
            return MakeError(ErrorCode::kRejected, "Configuration version " + std::to_string(config.version) +
                                                       " is not newer than the applied version " +
                                                       std::to_string(applied.value()) + ".");
        auto clear = db.Prepare("DELETE FROM site_config_files");
        if (!clear.ok()) return clear.error();
        if (auto ok = db.Write(*clear); !ok) return ok;
        for (const auto& [path, text] : config.files) {
            auto s = db.Prepare("INSERT INTO site_config_files (path, text) VALUES (?, ?)");
            if (!s.ok()) return s.error();
            s->BindAll(path, text);
            if (auto ok = db.Write(*s); !ok) return ok;
        }
        if (config.staff) {
            std::set<std::string> published;
            for (const auto& member : *config.staff) {
                published.insert(member.number);
                // The store's last check of a name from outside: malformed UTF-8 refuses the
                // whole version, control characters and ESC sequences are removed.
                if (auto ok = CheckInputText(member.number, TextShape::kSingleLine, 32, "A staff number"); !ok)
                    return ok;
                auto name = CleanInputText(member.name, TextShape::kSingleLine, 200, "The staff name of " + member.number);
                if (!name.ok()) return name.error();
                // A changed PIN hash starts afresh; an unchanged one keeps a running lock-out.
                auto s = db.Prepare(
                    "INSERT INTO staff (number, name, pin_hash, roles) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(number) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, "
                    "roles = excluded.roles, "
                    "failed_attempts = CASE WHEN staff.pin_hash = excluded.pin_hash THEN staff.failed_attempts ELSE 0 END, "
                    "locked_until = CASE WHEN staff.pin_hash = excluded.pin_hash THEN staff.locked_until ELSE 0 END");
                if (!s.ok()) return s.error();
                if (member.roles.empty())
                    return MakeError(ErrorCode::kInvalidInput, "Staff number " + member.number + " has no role.");
                s->BindAll(member.number, *name, member.pin_hash, core::FormatStaffRoles(member.roles));
                if (auto ok = db.Write(*s); !ok) return ok;
            }
            std::vector<std::string> gone;
            auto all = db.Prepare("SELECT number FROM staff");
            if (!all.ok()) return all.error();
            for (;;) {
                auto row = db.Next(*all);
                if (!row.ok()) return row.error();
                if (!*row) break;
                if (!published.count(all->Text(0))) gone.push_back(all->Text(0));
            }
            for (const auto& number : gone) {
                auto d = db.Prepare("DELETE FROM staff WHERE number = ?");
                if (!d.ok()) return d.error();
                d->BindAll(number);
                if (auto ok = db.Write(*d); !ok) return ok;
            }
        }
        auto s = db.Prepare("INSERT INTO site_config (id, version, published_us, applied_us, staff_included) "
                            "VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, "
                            "published_us = excluded.published_us, applied_us = excluded.applied_us, "
                            "staff_included = excluded.staff_included");
        if (!s.ok()) return s.error();
        s->BindAll(config.version, config.published_us, config.applied_us, config.staff.has_value());
        return db.Write(*s);
    });
}

Result<SiteConfigRecord> Store::AppliedSiteConfig() const {
    sql::Connection& db = ConfigConnection();
    SiteConfigRecord out;
    {
        auto s = db.Prepare("SELECT version, published_us, applied_us, staff_included FROM site_config WHERE id = 1");
        if (!s.ok()) return s.error();
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) return out;
        out.version = s->Int(0);
        out.published_us = s->Int(1);
        out.applied_us = s->Int(2);
        bool staff_included = s->Int(3) != 0;
        sqlite3_reset(s->get());
        if (staff_included) out.staff.emplace();
    }
    {
        auto s = db.Prepare("SELECT path, text FROM site_config_files ORDER BY path");
        if (!s.ok()) return s.error();
        for (;;) {
            auto row = db.Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            out.files.emplace_back(s->Text(0), s->Text(1));
        }
    }
    if (out.staff) {
        auto s = db.Prepare("SELECT number, name, pin_hash, roles FROM staff ORDER BY number");
        if (!s.ok()) return s.error();
        for (;;) {
            auto row = db.Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            core::Staff member{s->Text(0), s->Text(1), s->Text(2), 0, 0};
            if (auto roles = core::ParseStaffRoles(s->Text(3)); roles.ok()) member.roles = std::move(roles).value();
            out.staff->push_back(std::move(member));
        }
    }
    if (out.version > 0) out.catalogue = catalogue();
    return out;
}

}  // namespace anl::store
