// admin_requests: what the store worker does with the administrator's staff and audit requests
// (ui::AdminRequest kListStaff ... kExportAudit): the store calls `anlaufstelle-ctl staff` and
// `audit list` make, as the signed-in administrator (the store checks the rights table and
// keeps the last administrator), with the answer as data for the screen. Shared by the
// terminal's StoreService and the tests, so both run one piece of code.
// Must never: run on the UI thread (it writes the store and the export file).
#pragma once

#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/admin_session.h"

namespace anl::app {

// The audit entries the page reads at most (the newest).
inline constexpr int kAdminAuditLimit = 5000;

// Staff changes answer with the accounts listed again (when the administrator may list them).
// kExportAudit writes the filtered log as CSV (core::FormatAuditCsv) to request.export_path,
// or to "audit-<UTC now>.csv" (audit-20261206-091500.csv) beside the store when it is empty; a relative path is
// taken beside the store too. The file is written whole or not at all.
ui::AdminAnswer RunAdminStoreRequest(store::Store& store, const ui::AdminRequest& request, Micros now);

}  // namespace anl::app
