#include "kiosk/app/admin_requests.h"

#include <cstdio>
#include <ctime>
#include <fstream>

namespace anl::app {

namespace {

namespace fs = std::filesystem;
using Kind = ui::AdminRequest::Kind;

std::string UtcStamp(Micros us) {
    const std::time_t seconds = static_cast<std::time_t>(us / kMicrosPerSecond);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

// Writes `text` to `path` through a temporary file beside it, renamed over it at the end.
Status WriteWhole(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return MakeError(ErrorCode::kStorage, "Cannot write " + path.string() + ": is the folder there and writable?");
        out << text;
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            return MakeError(ErrorCode::kStorage, "Writing " + path.string() + " failed: is the disk full?");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return MakeError(ErrorCode::kStorage, "Cannot write " + path.string() + ": " + ec.message());
    }
    return {};
}

}  // namespace

ui::AdminAnswer RunAdminStoreRequest(store::Store& store, const ui::AdminRequest& request, Micros now) {
    ui::AdminAnswer answer;
    const std::string& acting = request.acting;
    switch (request.kind) {
        case Kind::kListStaff: break;
        case Kind::kAddStaff:
            answer.status = store.AddStaffAs(acting, request.staff_number, request.name, request.pin, request.roles);
            break;
        case Kind::kSetStaffRoles:
            answer.status = store.SetStaffRoles(acting, request.staff_number, request.roles);
            break;
        case Kind::kResetStaffPin:
            answer.status = store.ResetStaffPin(acting, request.staff_number, request.pin);
            break;
        case Kind::kRemoveStaff:
            answer.status = store.RemoveStaff(acting, request.staff_number);
            break;
        case Kind::kReadAudit:
        case Kind::kExportAudit: {
            auto entries = store.AuditLog(acting, request.audit, kAdminAuditLimit);
            if (!entries.ok()) {
                answer.status = entries.error();
                return answer;
            }
            if (request.kind == Kind::kReadAudit) {
                answer.audit = std::move(entries).value();
                return answer;
            }
            fs::path path = request.export_path.empty() ? fs::path("audit-" + UtcStamp(now) + ".csv")
                                                        : fs::path(request.export_path);
            if (path.is_relative()) path = store.path().parent_path() / path;
            if (auto written = WriteWhole(path, core::FormatAuditCsv(*entries)); !written) {
                answer.status = written;
                return answer;
            }
            answer.written = path.string();
            answer.exported = int(entries->size());
            return answer;
        }
        default:
            answer.status = MakeError(ErrorCode::kInternal, "Not a staff or audit request.");
            return answer;
    }
    // The accounts as they are now (also after a refusal: the screen shows what stands). A
    // change that took the administrator's own right to list them stays a success; the list
    // stays as it was, and what they try next is refused by the rights table.
    auto listed = store.ListStaff(acting);
    if (listed.ok()) answer.staff = std::move(listed).value();
    else if (answer.status.ok() && request.kind == Kind::kListStaff) answer.status = listed.error();
    return answer;
}

}  // namespace anl::app
