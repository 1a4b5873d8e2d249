// The store: opening and checking the file, migrations, the transaction that stores events
// with their projection, the sync seam and staff sign-in.
#include "kiosk/store/store.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <tuple>

#include "kiosk/store/appointments_sql.h"
#include "kiosk/store/in_use.h"
#include "kiosk/store/network_sql.h"
#include "kiosk/store/migrations.h"
#include "kiosk/store/sql.h"

namespace anl::store {

namespace fs = std::filesystem;
using nlohmann::json;

int SchemaVersion() { return static_cast<int>(migrations::All().size()); }

struct Store::Impl {
    const Clock& clock;
    OpenOptions options;
    std::unique_ptr<sql::Connection> db;
    std::int64_t data_version = -1;  // PRAGMA data_version when `state` was last in step

    bool initialised = false;
    SiteSettings site;
    core::Device self;
    catalogue::Catalogue catalogue;
    core::State state;
    std::int64_t next_seq = 1;
    std::int64_t sent_up_to = 0;
    std::int64_t last_pos = 0;  // highest events.pos stored
    bool state_dirty = false;  // memory was changed inside the running transaction
    // Sign-in attempts for staff numbers that do not exist: number -> (failed, locked_until).
    std::map<std::string, std::pair<int, Micros>> unknown_sign_ins;
    // When the automatic retention run last ran (RunRetentionIfDue); -1: not read yet.
    Micros last_retention_run = -1;

    InUseMark in_use;  // held while open: a restore does not replace a store in use (in_use.h)

    Impl(const Clock& c, OpenOptions o) : clock(c), options(std::move(o)) {}

    const fs::path& path() const { return db->path(); }

    Status Migrate(int target);
    Status LoadAll();
    Status LoadState();
    Status RefreshIfChangedElsewhere();
    Status StoreEvent(const core::Event& e, const core::Applied& applied);
    Status Project(const core::Applied& applied);
    Status ProjectTicket(const core::Ticket& t);
    Status WriteSite();
    Status WriteCatalogue(const catalogue::Catalogue& c);
    Status WriteSelf(const core::Device& d);
    // Runs `body` in one transaction; on failure rolls back and reloads the state so memory
    // matches the file again.
    template <typename F>
    Status InTransaction(F&& body);
};

namespace {

json RulesToJson(const core::QueueRules& r) {
    return {{"recall_window_us", r.recall_window},
            {"calls_before_no_show", r.calls_before_no_show},
            {"appointment_window_us", r.appointment_window},
            {"time_zone", r.time_zone},
            {"device_slots", r.device_slots},
            {"recent_service_samples", r.recent_service_samples},
            {"recent_service_lookback_us", r.recent_service_lookback},
            {"open_counter_lookback_us", r.open_counter_lookback},
            {"check_in_before_us", r.check_in_before},
            {"check_in_after_us", r.check_in_after}};
}

core::QueueRules RulesFromJson(const json& j) {
    core::QueueRules r;
    r.recall_window = j.value("recall_window_us", r.recall_window);
    r.calls_before_no_show = j.value("calls_before_no_show", r.calls_before_no_show);
    r.appointment_window = j.value("appointment_window_us", r.appointment_window);
    r.time_zone = j.value("time_zone", r.time_zone);
    r.device_slots = j.value("device_slots", r.device_slots);
    r.recent_service_samples = j.value("recent_service_samples", r.recent_service_samples);
    r.recent_service_lookback = j.value("recent_service_lookback_us", r.recent_service_lookback);
    r.open_counter_lookback = j.value("open_counter_lookback_us", r.open_counter_lookback);
    r.check_in_before = j.value("check_in_before_us", r.check_in_before);
    r.check_in_after = j.value("check_in_after_us", r.check_in_after);
    return r;
}

json PlanToJson(const std::vector<core::PlannedStop>& plan) {
    json out = json::array();
    for (const auto& stop : plan) out.push_back({{"office_id", stop.office_id}, {"service_id", stop.service_id}});
    return out;
}

std::vector<core::PlannedStop> PlanFromJson(const json& j) {
    std::vector<core::PlannedStop> plan;
    if (!j.is_array()) return plan;
    for (const auto& stop : j)
        if (stop.is_object()) plan.push_back({stop.value("office_id", ""), stop.value("service_id", "")});
    return plan;
}

// Reads the first bytes: a file that is not SQLite must be refused before SQLite touches it.
bool LooksLikeSqlite(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    return in.gcount() == 16 && std::memcmp(header, "SQLite format 3\0", 16) == 0;
}

// Every string (keys too) of an event payload is well-formed UTF-8: the last check before a
// local command's event is written, so no flag or text field can store a malformed byte.
bool PayloadTextIsValid(const json& value) {
    if (value.is_string()) return IsValidUtf8(value.get_ref<const std::string&>());
    if (value.is_object()) {
        for (const auto& [key, item] : value.items())
            if (!IsValidUtf8(key) || !PayloadTextIsValid(item)) return false;
    } else if (value.is_array()) {
        for (const auto& item : value)
            if (!PayloadTextIsValid(item)) return false;
    }
    return true;
}

// A command as one fixed word for the audit log ("call_next"): never its text.
std::string_view CommandWord(const core::Command& command) {
    static constexpr std::string_view kWords[] = {"issue_ticket", "call_next", "call", "recall", "start", "finish",
                                                  "no_show", "return", "park", "unpark", "transfer"};
    static_assert(std::size(kWords) == std::variant_size_v<core::Command>, "one word per command");
    return kWords[command.index()];
}

Status CheckPayloads(const std::vector<core::Event>& events) {
    for (const auto& e : events)
        if (!PayloadTextIsValid(e.payload))
            return MakeError(ErrorCode::kInvalidInput, "The command holds text that is not valid UTF-8 (" + e.type +
                                                           "); type it again in UTF-8.");
    return {};
}

// The text a person gives a command: a note is cleaned (control characters and ESC
// sequences removed, as the desk's note field does), malformed UTF-8 refused.
Status CleanCommandText(core::Command& command) {
    if (auto* transfer = std::get_if<core::Transfer>(&command)) {
        auto note = CleanInputText(transfer->note, TextShape::kMultiLine, 4 * core::kMaxNoteLength, "The note");
        if (!note.ok()) return note.error();
        transfer->note = std::move(note).value();
    }
    return {};
}

// Looks at an existing SQLite file through a read-only connection, before the read-write
// open switches it to WAL (which rewrites its header): another program's database is
// refused untouched. A probe that cannot run (e.g. a hot journal) decides nothing; the
// read-write checks below still apply.
Status ProbeForeignDatabase(const fs::path& path) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.string().c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    auto query = [&](const char* sql_text) -> std::optional<std::int64_t> {
        sqlite3_stmt* stmt = nullptr;
        std::optional<std::int64_t> value;
        if (sqlite3_prepare_v2(raw, sql_text, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        return value;
    };
    std::optional<std::int64_t> app_id, version, tables;
    if (rc == SQLITE_OK) {
        app_id = query("PRAGMA application_id");
        version = query("PRAGMA user_version");
        tables = query("SELECT count(*) FROM sqlite_master");
    }
    sqlite3_close(raw);
    if (!app_id || !version || !tables) return {};
    const bool fresh = *app_id == 0 && *version == 0 && *tables == 0;
    if (!fresh && *app_id != kApplicationId)
        return MakeError(ErrorCode::kCorrupt, path.string() + " is an SQLite database of another program, not an "
                                                              "Anlaufstelle store; it was left unchanged. Choose "
                                                              "another --db path.");
    return {};
}

}  // namespace

// --- opening -------------------------------------------------------------------------------

Result<std::unique_ptr<Store>> Store::Open(const fs::path& path, const Clock& clock, const OpenOptions& options) {
    std::string f = path.string();
    std::error_code ec;
    bool exists = fs::exists(path, ec);
    if (exists && fs::is_directory(path, ec))
        return MakeError(ErrorCode::kInvalidInput, f + " is a directory; pass the path of a store file with --db.");
    if (!exists && !options.create)
        return MakeError(ErrorCode::kNotFound,
                         "There is no store at " + f + "; run `anlaufstelle-ctl --db " + f + " init` first.");
    if (!exists) {
        fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
        if (!fs::is_directory(dir, ec))
            return MakeError(ErrorCode::kStorage, "The directory " + dir.string() + " for " + f +
                                                      " does not exist; create it or choose another --db path.");
    }
    if (exists && fs::file_size(path, ec) > 0) {
        if (!LooksLikeSqlite(path)) return sql::ErrorFor(SQLITE_NOTADB, path);
        if (auto ours = ProbeForeignDatabase(path); !ours) return ours.error();
    }

    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(f.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        int ext = raw ? sqlite3_extended_errcode(raw) : rc;
        sqlite3_close(raw);
        return sql::ErrorFor(ext, path);
    }
    if (sqlite3_db_readonly(raw, "main") == 1) {  // SQLite falls back to read-only silently
        sqlite3_close(raw);
        return sql::ErrorFor(SQLITE_READONLY, path);
    }
    auto impl = std::make_unique<Impl>(clock, options);
    impl->db = std::make_unique<sql::Connection>(raw, path, options.faults);
    auto in_use = InUseMark::Share(path);
    if (!in_use.ok()) return in_use.error();
    impl->in_use = std::move(in_use).value();
    sql::Connection& db = *impl->db;
    sqlite3_busy_timeout(raw, 5000);
    sqlite3_extended_result_codes(raw, 1);

    // Durable commits: WAL, and FULL syncs the log on every commit (NORMAL would lose the
    // last tickets on a power cut).
    auto mode_stmt = db.Prepare("PRAGMA journal_mode=WAL");
    if (!mode_stmt.ok()) return mode_stmt.error();
    auto mode_row = db.Next(*mode_stmt);
    if (!mode_row.ok()) return mode_row.error();
    std::string mode = *mode_row ? mode_stmt->Text(0) : "";
    sqlite3_reset(mode_stmt->get());
    if (mode != "wal")
        return MakeError(ErrorCode::kStorage, "Cannot switch " + f +
                                                  " to write-ahead logging; its directory must be writable "
                                                  "(choose a writable --db path or fix the permissions).");
    if (auto ok = db.Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"); !ok) return ok.error();
    if (options.faults.max_page_count > 0)
        if (auto ok = db.Exec("PRAGMA max_page_count=" + std::to_string(options.faults.max_page_count)); !ok)
            return ok.error();

    auto app_id = db.QueryInt("PRAGMA application_id");
    if (!app_id.ok()) return app_id.error();
    auto version = db.QueryInt("PRAGMA user_version");
    if (!version.ok()) return version.error();
    auto tables = db.QueryInt("SELECT count(*) FROM sqlite_master");
    if (!tables.ok()) return tables.error();
    bool fresh = *app_id == 0 && *version == 0 && *tables == 0;
    if (!fresh && *app_id != kApplicationId)
        return MakeError(ErrorCode::kCorrupt, f + " is an SQLite database of another program, not an Anlaufstelle "
                                                  "store; choose another --db path.");
    if (*version > SchemaVersion())
        return MakeError(ErrorCode::kCorrupt, f + " was written by a newer Anlaufstelle (schema " +
                                                  std::to_string(*version) + ", this program knows " +
                                                  std::to_string(SchemaVersion()) + "); update this program.");
    if (!fresh) {
        auto stmt = db.Prepare("PRAGMA integrity_check");
        if (!stmt.ok()) return stmt.error();
        auto row = db.Next(*stmt);
        if (!row.ok()) return row.error();
        std::string first = *row ? stmt->Text(0) : "";
        sqlite3_reset(stmt->get());
        if (first != "ok")
            return MakeError(ErrorCode::kCorrupt, f + " is damaged (integrity check: " + first.substr(0, 120) +
                                                      "); move it away and restore a backup, or initialise again "
                                                      "and let sync bring back what was sent.");
    }
    int target = options.migrate_to_version > 0 ? std::min(options.migrate_to_version, SchemaVersion()) : SchemaVersion();
    if (auto ok = impl->Migrate(target); !ok) return ok.error();
    if (target == SchemaVersion())
        if (auto ok = impl->LoadAll(); !ok) return ok.error();
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Status Store::Impl::Migrate(int target) {
    auto version = db->QueryInt("PRAGMA user_version");
    if (!version.ok()) return version.error();
    const auto& all = migrations::All();
    for (int v = static_cast<int>(*version); v < target; ++v) {
        if (auto ok = db->Begin(); !ok) return ok;
        Status ok = db->Exec(std::string(all[v]));
        if (ok) ok = db->Exec("PRAGMA application_id=" + std::to_string(kApplicationId) +
                              "; PRAGMA user_version=" + std::to_string(v + 1));
        if (ok) ok = db->Commit();
        if (!ok) {
            db->Rollback();
            return MakeError(ok.error().code, "Updating " + path().string() + " to schema " + std::to_string(v + 1) +
                                                  " failed: " + ok.error().message);
        }
    }
    return {};
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

// --- loading -----------------------------------------------------------------------------

Status Store::Impl::LoadAll() {
    auto& d = *db;
    initialised = false;
    {
        auto s = d.Prepare("SELECT id, rules_json FROM sites LIMIT 1");
        if (!s.ok()) return s.error();
        auto row = d.Next(*s);
        if (!row.ok()) return row.error();
        if (*row) {
            site.site_id = s->Text(0);
            site.rules = RulesFromJson(json::parse(s->Text(1), nullptr, false));
            sqlite3_reset(s->get());
        }
    }
    {
        auto s = d.Prepare("SELECT id, site_id, slot, role FROM devices WHERE is_self = 1");
        if (!s.ok()) return s.error();
        auto row = d.Next(*s);
        if (!row.ok()) return row.error();
        if (*row) {
            auto role = ParseRole(s->Text(3));
            if (!role)
                return MakeError(ErrorCode::kCorrupt, "The store's own device has the unknown role \"" +
                                                          EscapeForTerminal(s->Text(3)) +
                                                          "\"; set it up again with `anlaufstelle-ctl init --role`.");
            self = core::Device{s->Text(0), s->Text(1), static_cast<int>(s->Int(2)), *role};
            initialised = true;
            sqlite3_reset(s->get());
        }
    }
    catalogue = {};
    {
        auto s = d.Prepare("SELECT id, ticket_prefix, name_key, summary_key, pictogram, waiting_area_key, "
                           "waiting_area_id FROM offices ORDER BY rowid");
        if (!s.ok()) return s.error();
        for (;;) {
            auto row = d.Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            std::string prefix = s->Text(1);
            catalogue.offices.push_back({s->Text(0), prefix.empty() ? 'A' : prefix[0], s->Text(2), s->Text(3),
                                         s->Text(4), s->Text(5), s->Text(6)});
        }
    }
    {
        auto s = d.Prepare("SELECT id, office_id, name_key, description_key, pictogram, document_ids, "
                           "typical_minutes, needs_appointment FROM services ORDER BY rowid");
        if (!s.ok()) return s.error();
        for (;;) {
            auto row = d.Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            catalogue::Service svc;
            svc.id = s->Text(0);
            svc.office_id = s->Text(1);
            svc.name_key = s->Text(2);
            svc.description_key = s->Text(3);
            svc.pictogram = s->Text(4);
            json docs = json::parse(s->Text(5), nullptr, false);
            if (docs.is_array())
                for (const auto& doc : docs)
                    if (doc.is_string()) svc.document_ids.push_back(doc.get<std::string>());
            svc.typical_minutes = static_cast<int>(s->Int(6));
            svc.needs_appointment = s->Int(7) != 0;
            catalogue.services.push_back(std::move(svc));
        }
    }
    {
        auto s = d.Prepare("SELECT id, rank, label_key, pictogram FROM priority_classes ORDER BY rowid");
        if (!s.ok()) return s.error();
        for (;;) {
            auto row = d.Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            catalogue.priority_classes.push_back({s->Text(0), static_cast<int>(s->Int(1)), s->Text(2), s->Text(3)});
        }
    }
    if (auto ok = appointments::LoadSettings(d, catalogue); !ok) return ok;  // appointment hours
    if (auto ok = network::LoadSettings(d, catalogue); !ok) return ok;  // partners, case management
    return LoadState();
}

Status Store::Impl::LoadState() {
    auto& d = *db;
    state = {};
    auto dv = d.QueryInt("PRAGMA data_version");
    if (!dv.ok()) return dv.error();
    data_version = *dv;
    {
        auto s = d.Prepare("SELECT id, visit_id, stop_index, office_id, service_id, state, created_at, call_count, "
                           "first_called_at, last_called_at, counter, staff, started_at, finished_at, outcome, note, "
                           "transferred_to, display, prefix, number, service_day, arrival_at, lang, priority_class, "
                           "priority_rank, interpreter, appointment_due_at, issued_by, called_by, plan, plan_index FROM tickets");
        if (!s.ok()) return s.error();
        std::vector<core::Ticket> tickets;
        for (;;) {
            auto row = d.Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            core::Ticket t;
            t.id = s->Text(0);
            t.visit_id = s->Text(1);
            t.stop_index = static_cast<int>(s->Int(2));
            t.office_id = s->Text(3);
            t.service_id = s->Text(4);
            auto st = core::ParseTicketState(s->Text(5));
            if (!st) return MakeError(ErrorCode::kCorrupt, path().string() + " holds a ticket in an unknown state; "
                                                                               "run `anlaufstelle-ctl events rebuild`.");
            t.state = *st;
            t.created_at = s->Int(6);
            t.call_count = static_cast<int>(s->Int(7));
            t.first_called_at = s->Int(8);
            t.last_called_at = s->Int(9);
            t.counter = static_cast<int>(s->Int(10));
            t.staff = s->Text(11);
            t.started_at = s->Int(12);
            t.finished_at = s->Int(13);
            t.outcome = s->Text(14);
            t.note = s->Text(15);
            t.transferred_to = s->Text(16);
            t.called_by = s->Text(28);
            t.plan_index = static_cast<int>(s->Int(30));
            if (!state.visits.count(t.visit_id)) {  // the visit's fields, repeated on each stop
                core::Visit v;
                v.id = t.visit_id;
                v.display = s->Text(17);
                std::string prefix = s->Text(18);
                v.prefix = prefix.empty() ? 'A' : prefix[0];
                v.number = static_cast<int>(s->Int(19));
                v.service_day = s->Text(20);
                v.arrival_at = s->Int(21);
                v.lang = s->Text(22);
                v.priority_class = s->Text(23);
                v.priority_rank = static_cast<int>(s->Int(24));
                v.interpreter = s->Int(25) != 0;
                v.appointment_due_at = s->Int(26);
                v.issued_by = s->Text(27);
                v.plan = PlanFromJson(json::parse(s->Text(29), nullptr, false));
                state.visit_by_number.emplace(std::make_pair(v.service_day, v.display), v.id);
                ++state.issued_count[{v.issued_by, v.prefix, v.service_day}];
                state.visits.emplace(v.id, std::move(v));
            }
            tickets.push_back(std::move(t));
        }
        std::sort(tickets.begin(), tickets.end(), [](const core::Ticket& a, const core::Ticket& b) {
            return std::tie(a.visit_id, a.stop_index) < std::tie(b.visit_id, b.stop_index);
        });
        for (auto& t : tickets) {
            state.visits[t.visit_id].ticket_ids.push_back(t.id);
            state.tickets.emplace(t.id, std::move(t));
        }
    }
    {
        auto s = d.Prepare("SELECT ticket_id, display, office_id, counter, at_us, recall, device_id FROM "
                           "(SELECT * FROM calls ORDER BY id DESC LIMIT ?) ORDER BY id");
        if (!s.ok()) return s.error();
        s->Bind(1, static_cast<std::int64_t>(core::State::kRecentCallsKept));
        for (;;) {
            auto row = d.Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            state.recent_calls.push_back({s->Text(0), s->Text(1), s->Text(2), static_cast<int>(s->Int(3)), s->Int(4),
                                          s->Int(5) != 0, s->Text(6)});
        }
    }
    auto seq = d.Prepare("SELECT coalesce(max(seq), 0) FROM events WHERE device_id = ?");
    if (!seq.ok()) return seq.error();
    seq->Bind(1, self.id);
    auto row = d.Next(*seq);
    if (!row.ok()) return row.error();
    next_seq = (*row ? seq->Int(0) : 0) + 1;
    if (*row) sqlite3_reset(seq->get());
    auto pos = d.QueryInt("SELECT coalesce(max(pos), 0) FROM events");
    if (!pos.ok()) return pos.error();
    last_pos = *pos;
    auto sent = d.Prepare("SELECT coalesce(max(sent_up_to), 0) FROM outbox_state WHERE device_id = ?");
    if (!sent.ok()) return sent.error();
    sent->Bind(1, self.id);
    auto sent_row = d.Next(*sent);
    if (!sent_row.ok()) return sent_row.error();
    sent_up_to = *sent_row ? sent->Int(0) : 0;
    if (*sent_row) sqlite3_reset(sent->get());
    if (auto ok = appointments::Load(d, state); !ok) return ok;  // appointment bookings (appointments.cpp)
    return network::Load(d, state);  // case-management hand-offs (network.cpp)
}

// Another program (a second ctl, the terminal) may have committed since we loaded: then the
// in-memory state is stale and is reloaded before deciding anything.
Status Store::Impl::RefreshIfChangedElsewhere() {
    auto dv = db->QueryInt("PRAGMA data_version");
    if (!dv.ok()) return dv.error();
    if (*dv == data_version) return {};
    return LoadAll();
}

template <typename F>
Status Store::Impl::InTransaction(F&& body) {
    if (auto ok = db->Begin(); !ok) return ok;
    state_dirty = false;
    Status ok = RefreshIfChangedElsewhere();
    if (ok) ok = body();
    if (ok) ok = db->Commit();
    if (!ok) {
        db->Rollback();
        // Memory may hold half of the change: read the file's state again.
        if (state_dirty)
            if (auto reload = LoadAll(); !reload) return reload;
        return ok;
    }
    // Our own commit does not change this connection's data_version; the value read inside
    // the transaction stays right (and asking again would cost a read transaction).
    return {};
}

// --- writing -----------------------------------------------------------------------------

Status Store::Impl::StoreEvent(const core::Event& e, const core::Applied& applied) {
    auto s = db->Prepare("INSERT INTO events (device_id, seq, pos, type, payload, at_us, applied, skipped_because) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return s.error();
    state_dirty = true;  // a failed transaction reloads last_pos with the state
    // Local commands are checked before (PayloadTextIsValid); for anything else a malformed
    // byte is stored as U+FFFD rather than thrown out of dump() (type_error 316).
    s->BindAll(e.device_id, e.seq, last_pos + 1, e.type, e.payload.dump(-1, ' ', false, json::error_handler_t::replace),
               e.at_us, applied.applied,
               applied.skipped_because);
    if (auto ok = db->Write(*s); !ok) return ok;
    ++last_pos;
    return {};
}

Status Store::Impl::ProjectTicket(const core::Ticket& t) {
    const core::Visit* visit = state.FindVisit(t.visit_id);
    if (!ANL_ALWAYS(visit != nullptr))
        return MakeError(ErrorCode::kInternal, "Ticket " + t.id + " has no visit; run `anlaufstelle-ctl events rebuild`.");
    const core::Visit& v = *visit;
    auto s = db->Prepare(
        "INSERT INTO tickets (id, visit_id, stop_index, office_id, service_id, state, created_at, call_count, "
        "first_called_at, last_called_at, counter, staff, started_at, finished_at, outcome, note, transferred_to, "
        "display, prefix, number, service_day, arrival_at, lang, priority_class, priority_rank, interpreter, "
        "appointment_due_at, issued_by, called_by, plan, plan_index) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET visit_id=excluded.visit_id, "
        "stop_index=excluded.stop_index, office_id=excluded.office_id, service_id=excluded.service_id, "
        "state=excluded.state, created_at=excluded.created_at, call_count=excluded.call_count, "
        "first_called_at=excluded.first_called_at, last_called_at=excluded.last_called_at, counter=excluded.counter, "
        "staff=excluded.staff, started_at=excluded.started_at, finished_at=excluded.finished_at, "
        "outcome=excluded.outcome, note=excluded.note, transferred_to=excluded.transferred_to, "
        "called_by=excluded.called_by, plan=excluded.plan, plan_index=excluded.plan_index");
    if (!s.ok()) return s.error();
    s->BindAll(t.id, t.visit_id, t.stop_index, t.office_id, t.service_id, std::string(core::TicketStateName(t.state)),
               t.created_at, t.call_count, t.first_called_at, t.last_called_at, t.counter, t.staff, t.started_at,
               t.finished_at, t.outcome, t.note, t.transferred_to, v.display, std::string(1, v.prefix), v.number,
               v.service_day, v.arrival_at, v.lang, v.priority_class, v.priority_rank, v.interpreter,
               v.appointment_due_at, v.issued_by, t.called_by, PlanToJson(v.plan).dump(), t.plan_index);
    return db->Write(*s);
}

Status Store::Impl::Project(const core::Applied& applied) {
    // Visits have no rows of their own: their fields are written with each ticket.
    for (const auto& id : applied.ticket_ids) {
        const core::Ticket* t = state.FindTicket(id);
        if (!ANL_ALWAYS(t)) continue;
        if (auto ok = ProjectTicket(*t); !ok) return ok;
    }
    if (applied.call) {
        const core::Call& c = *applied.call;
        auto s = db->Prepare("INSERT INTO calls (ticket_id, display, office_id, counter, at_us, recall, device_id) "
                             "VALUES (?,?,?,?,?,?,?)");
        if (!s.ok()) return s.error();
        s->BindAll(c.ticket_id, c.display, c.office_id, c.counter, c.at, c.recall, c.device_id);
        if (auto ok = db->Write(*s); !ok) return ok;
    }
    // Appointment bookings (appointments.cpp).
    if (!applied.appointment_ids.empty())
        if (auto ok = appointments::Project(*db, state, applied.appointment_ids); !ok) return ok;
    // Case-management hand-offs (network.cpp).
    if (!applied.handoff_ids.empty())
        if (auto ok = network::Project(*db, state, applied.handoff_ids); !ok) return ok;
    return {};
}

Status Store::Impl::WriteSite() {
    auto s = db->Prepare("INSERT INTO sites (id, rules_json) VALUES (?, ?) "
                         "ON CONFLICT(id) DO UPDATE SET rules_json = excluded.rules_json");
    if (!s.ok()) return s.error();
    s->BindAll(site.site_id, RulesToJson(site.rules).dump());
    return db->Write(*s);
}

Status Store::Impl::WriteCatalogue(const catalogue::Catalogue& c) {
    // Services first: they reference offices.
    for (const char* sql : {"DELETE FROM services", "DELETE FROM offices", "DELETE FROM priority_classes"}) {
        auto s = db->Prepare(sql);
        if (!s.ok()) return s.error();
        if (auto ok = db->Write(*s); !ok) return ok;
    }
    for (const auto& o : c.offices) {
        auto s = db->Prepare("INSERT INTO offices (id, ticket_prefix, name_key, summary_key, pictogram, "
                             "waiting_area_key, waiting_area_id) VALUES (?,?,?,?,?,?,?)");
        if (!s.ok()) return s.error();
        s->BindAll(o.id, std::string(1, o.ticket_prefix), o.name_key, o.summary_key, o.pictogram, o.waiting_area_key,
                   o.waiting_area_id);
        if (auto ok = db->Write(*s); !ok) return ok;
    }
    for (const auto& v : c.services) {
        auto s = db->Prepare("INSERT INTO services (id, office_id, name_key, description_key, pictogram, "
                             "document_ids, typical_minutes, needs_appointment) VALUES (?,?,?,?,?,?,?,?)");
        if (!s.ok()) return s.error();
        s->BindAll(v.id, v.office_id, v.name_key, v.description_key, v.pictogram, json(v.document_ids).dump(),
                   v.typical_minutes, v.needs_appointment);
        if (auto ok = db->Write(*s); !ok) return ok;
    }
    for (const auto& p : c.priority_classes) {
        auto s = db->Prepare("INSERT INTO priority_classes (id, rank, label_key, pictogram) VALUES (?,?,?,?)");
        if (!s.ok()) return s.error();
        s->BindAll(p.id, p.rank, p.label_key, p.pictogram);
        if (auto ok = db->Write(*s); !ok) return ok;
    }
    if (auto ok = appointments::WriteSettings(*db, c); !ok) return ok;  // appointment hours (appointments.cpp)
    return network::WriteSettings(*db, c);  // partners and case management (network.cpp)
}

Status Store::Impl::WriteSelf(const core::Device& d) {
    auto s = db->Prepare("INSERT INTO devices (id, site_id, slot, role, is_self) VALUES (?,?,?,?,1) "
                         "ON CONFLICT(id) DO UPDATE SET site_id=excluded.site_id, slot=excluded.slot, "
                         "role=excluded.role, is_self=1");
    if (!s.ok()) return s.error();
    s->BindAll(d.id, d.site_id, d.slot, std::string(RoleName(d.role)));
    return db->Write(*s);
}

// --- set-up ------------------------------------------------------------------------------

Status Store::Initialise(const SiteSettings& site, const catalogue::Catalogue& catalogue, const core::Device& self) {
    Impl& m = *impl_;
    if (auto ok = core::ValidateTimeZone(site.rules.time_zone); !ok) return ok;
    if (self.id.empty() || self.id.size() > 64 || self.id.find('/') != std::string::npos)
        return MakeError(ErrorCode::kInvalidInput, "A device id has 1 to 64 characters and no \"/\".");
    if (site.site_id.empty()) return MakeError(ErrorCode::kInvalidInput, "The site id must not be empty.");
    if (self.slot < 0 || self.slot >= site.rules.device_slots)
        return MakeError(ErrorCode::kInvalidInput, "The device slot must lie between 0 and " +
                                                       std::to_string(site.rules.device_slots - 1) + ".");
    if (catalogue.offices.empty())
        return MakeError(ErrorCode::kInvalidInput, "The catalogue has no offices; check the catalogue directory.");
    if (m.initialised && m.self.id != self.id)
        return MakeError(ErrorCode::kRejected, path().string() + " already belongs to device " + m.self.id +
                                                   "; use another --db path for device " + self.id + ".");
    core::Device device = self;
    device.site_id = site.site_id;
    SiteSettings old_site = m.site;
    m.site = site;
    Status ok = m.InTransaction([&]() -> Status {
        m.state_dirty = true;
        m.site = site;  // InTransaction may have reloaded
        if (auto w = m.WriteSite(); !w) return w;
        if (auto w = m.WriteCatalogue(catalogue); !w) return w;
        return m.WriteSelf(device);
    });
    if (!ok) {
        m.site = old_site;
        return ok;
    }
    return m.LoadAll();
}

bool Store::initialised() const { return impl_->initialised; }
const SiteSettings& Store::site() const { return impl_->site; }
const core::Device& Store::self() const { return impl_->self; }
const catalogue::Catalogue& Store::catalogue() const { return impl_->catalogue; }
const core::State& Store::state() const { return impl_->state; }
const fs::path& Store::path() const { return impl_->path(); }

// --- commands ----------------------------------------------------------------------------

Result<Outcome> Store::Execute(const core::Command& given, const std::string& staff_number) {
    Impl& m = *impl_;
    if (!m.initialised)
        return MakeError(ErrorCode::kRejected, path().string() + " is not set up yet; run `anlaufstelle-ctl --db " +
                                                   path().string() + " init` first.");
    if (auto ok = CheckInputText(staff_number, TextShape::kSingleLine, 32, "The staff number"); !ok) return ok.error();
    core::Command command = given;
    if (auto ok = CleanCommandText(command); !ok) return ok.error();
    // Rights (core.h section 12): a known staff member's roles must grant the command's
    // right. A number the store does not know (no staff list yet) is not checked here; the
    // central refuses it once the site's staff are published (ValidateEvent).
    if (auto right = core::RightForCommand(command); right && !staff_number.empty()) {
        auto staff = FindStaff(staff_number);
        if (!staff.ok()) return staff.error();
        if (*staff)
            if (auto allowed = core::CheckStaffRoles(**staff, *right); !allowed) {
                if (auto audited = RecordRefusal(staff_number, *right, CommandWord(command)); !audited)
                    return audited.error();
                return allowed.error();
            }
    }
    Outcome outcome;
    Error decide_error;
    bool decided = true;
    Status ok = m.InTransaction([&]() -> Status {
        core::Actor actor{m.self.id, m.self.slot, m.next_seq, staff_number};
        auto events = core::Decide(m.state, m.catalogue, m.site.rules, actor, m.clock.NowUtcMicros(), command);
        if (events.ok())
            if (auto valid = CheckPayloads(*events); !valid) events = valid.error();
        if (!events.ok()) {
            decided = false;
            decide_error = events.error();
            return events.error();
        }
        m.state_dirty = true;
        for (const auto& e : *events) {
            core::Applied applied = core::ApplyEvent(m.state, e);
            // A decided event always fits the state it was decided on.
            ANL_ASSERT(applied.applied && "Decide produced an event the reducer skips");
            if (auto w = m.StoreEvent(e, applied); !w) return w;
            if (auto w = m.Project(applied); !w) return w;
            for (const auto& id : applied.ticket_ids) outcome.ticket_ids.push_back(id);
        }
        outcome.events = std::move(events).value();
        return {};
    });
    if (!ok) return ok.error();
    m.next_seq += static_cast<std::int64_t>(outcome.events.size());
    return outcome;
}

// --- the appointments seam (bulk in appointments.cpp) --------------------------------------

sql::Connection& Store::connection() const { return *impl_->db; }
Micros Store::NowForAppointments() const { return impl_->clock.NowUtcMicros(); }

Result<core::Event> Store::ExecuteDecided(const DecideInTransaction& decide) {
    Impl& m = *impl_;
    if (!m.initialised)
        return MakeError(ErrorCode::kRejected, path().string() + " is not set up yet; run `anlaufstelle-ctl --db " +
                                                   path().string() + " init` first.");
    core::Event decided;
    Status ok = m.InTransaction([&]() -> Status {
        core::Actor actor{m.self.id, m.self.slot, m.next_seq, ""};
        auto event = decide(m.state, actor, m.clock.NowUtcMicros(), *m.db);
        if (!event.ok()) return event.error();
        if (auto valid = CheckPayloads({*event}); !valid) return valid.error();
        m.state_dirty = true;
        core::Applied applied = core::ApplyEvent(m.state, *event);
        ANL_ASSERT(applied.applied && "a decided appointment event always fits the state it was decided on");
        if (auto w = m.StoreEvent(*event, applied); !w) return w;
        if (auto w = m.Project(applied); !w) return w;
        decided = std::move(event).value();
        return {};
    });
    if (!ok) return ok.error();
    ++m.next_seq;
    return decided;
}

std::int64_t Store::LastOwnSeq() const { return impl_->next_seq - 1; }

// --- queries -----------------------------------------------------------------------------

std::vector<core::QueueEntry> Store::Queue(std::string_view office_id) const {
    return core::ListQueue(impl_->state, impl_->catalogue, impl_->site.rules, office_id, impl_->clock.NowUtcMicros());
}

int Store::EstimateWaitMinutes(std::string_view ticket_id) const {
    return core::EstimateWaitMinutes(impl_->state, impl_->catalogue, impl_->site.rules, ticket_id,
                                     impl_->clock.NowUtcMicros());
}

Result<bool> Store::RefreshIfChanged() {
    Impl& m = *impl_;
    auto dv = m.db->QueryInt("PRAGMA data_version");
    if (!dv.ok()) return dv.error();
    if (*dv == m.data_version) return false;
    if (auto ok = m.LoadAll(); !ok) return ok.error();
    return true;
}

std::string Store::Today() const { return core::LocalServiceDay(impl_->clock.NowUtcMicros(), impl_->site.rules.time_zone); }

Result<std::string> Store::ResolveTicket(std::string_view reference) const {
    return core::ResolveTicket(impl_->state, reference, Today());
}

namespace {
// Rows of "SELECT pos, device_id, seq, type, payload, at_us, applied, skipped_because FROM
// events ...", the one shape every event listing reads.
// The row of a statement that selects kStoredEventColumns.
StoredEvent StoredEventOf(sql::Statement& s) {
    StoredEvent e;
    e.pos = s.Int(0);
    e.event = core::Event{s.Text(1), s.Int(2), s.Text(3), json::parse(s.Text(4), nullptr, false), s.Int(5)};
    e.applied = s.Int(6) != 0;
    e.skipped_because = s.Text(7);
    return e;
}

Result<std::vector<StoredEvent>> ReadStoredEvents(sql::Connection& d, sql::Statement& s) {
    std::vector<StoredEvent> out;
    for (;;) {
        auto row = d.Next(s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        out.push_back(StoredEventOf(s));
    }
    return out;
}
}  // namespace

Status Store::ForEachEvent(std::int64_t after_pos, const std::function<Status(const StoredEvent&)>& visit) const {
    auto& d = *impl_->db;
    auto s = d.Prepare("SELECT pos, device_id, seq, type, payload, at_us, applied, skipped_because FROM events "
                       "WHERE pos > ? ORDER BY pos");
    if (!s.ok()) return s.error();
    s->BindAll(after_pos);
    for (;;) {
        auto row = d.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) return {};
        if (auto visited = visit(StoredEventOf(*s)); !visited.ok()) {
            sqlite3_reset(s->get());
            return visited;
        }
    }
}

Result<std::vector<StoredEvent>> Store::ListEvents(std::int64_t after_pos, int limit) const {
    auto& d = *impl_->db;
    auto s = d.Prepare("SELECT pos, device_id, seq, type, payload, at_us, applied, skipped_because FROM events "
                       "WHERE pos > ? ORDER BY pos LIMIT ?");
    if (!s.ok()) return s.error();
    s->BindAll(after_pos, limit);
    return ReadStoredEvents(d, *s);
}

// --- the sync seam -------------------------------------------------------------------------

namespace {
Status EraseStoredEvents(Store::Impl& m, const std::vector<std::pair<std::string, std::int64_t>>& keys,
                         Store::Erasure& counts);
Status ScrubFile(Store::Impl& m);
}  // namespace

Result<int> Store::ApplyRemoteEvents(const std::vector<core::Event>& events) {
    Impl& m = *impl_;
    bool erasing = false;  // the batch holds an erasure (core.h section 14)
    for (const auto& e : events) {  // validate the whole batch before touching anything
        auto checked = core::EventFromJson(core::EventToJson(e));
        if (!checked.ok()) return checked.error();
        erasing = erasing || e.type == "privacy.erased";
    }
    if (erasing)
        if (auto secure = m.db->Exec("PRAGMA secure_delete = ON"); !secure) return secure.error();
    bool erased = false;
    int stored = 0;
    Status ok = m.InTransaction([&]() -> Status {
        stored = 0;
        std::set<std::pair<std::string, std::int64_t>> seen;
        for (const auto& e : events) {
            if (!seen.insert({e.device_id, e.seq}).second) continue;
            auto exists = m.db->Prepare("SELECT count(*) FROM events WHERE device_id = ? AND seq = ?");
            if (!exists.ok()) return exists.error();
            exists->BindAll(e.device_id, e.seq);
            auto row = m.db->Next(*exists);
            if (!row.ok()) return row.error();
            bool known = *row && exists->Int(0) > 0;
            if (*row) sqlite3_reset(exists->get());
            if (known) continue;
            m.state_dirty = true;
            // The central checked the sender; here everything that does not depend on where
            // our own unsent events fall among the pulled ones (core.h section 10).
            core::EventCheckContext cx{m.state, m.site.rules, &m.catalogue, nullptr, std::nullopt, 0, 0, false};
            if (auto refusal = core::ValidateEvent(cx, e)) {
                core::Applied refused;
                refused.skipped_because = std::string(kRefusedPrefix) + refusal->reason + ": " + refusal->message;
                if (auto w = m.StoreEvent(e, refused); !w) return w;
                ++stored;
                continue;
            }
            core::Applied applied = core::ApplyEvent(m.state, e);
            if (auto w = m.StoreEvent(e, applied); !w) return w;
            if (auto w = m.Project(applied); !w) return w;
            // A visitor's erasure (core.h section 14): this store empties its own copies too.
            if (applied.applied && e.type == "privacy.erased")
                if (auto keys = core::ReadPrivacyErased(e)) {
                    Erasure counts;
                    if (auto w = EraseStoredEvents(m, *keys, counts); !w) return w;
                    erased = true;
                }
            ++stored;
        }
        return {};
    });
    if (!ok) return ok.error();
    // The events are committed: a file another connection keeps busy just now is rewritten by
    // the next erasure or retention run rather than failing a pull that has succeeded.
    if (erased) (void)ScrubFile(m);
    // Our own events coming back (a restored device): continue after the highest seq.
    for (const auto& e : events)
        if (e.device_id == m.self.id) m.next_seq = std::max(m.next_seq, e.seq + 1);
    return stored;
}

Status Store::MarkRefused(std::int64_t seq, const std::string& reason) {
    Impl& m = *impl_;
    return m.InTransaction([&]() -> Status {
        auto s = m.db->Prepare("UPDATE events SET applied = 0, skipped_because = ? WHERE device_id = ? AND seq = ?");
        if (!s.ok()) return s.error();
        s->BindAll(std::string(kRefusedPrefix) + reason, m.self.id, seq);
        if (auto w = m.db->Write(*s); !w) return w;
        if (sqlite3_changes(m.db->raw()) != 1)
            return MakeError(ErrorCode::kNotFound, "This device has no event " + std::to_string(seq) + " to mark refused.");
        m.state_dirty = true;
        return {};
    });
}

Result<std::vector<StoredEvent>> Store::RefusedEvents() const {
    auto& d = *impl_->db;
    auto s = d.Prepare("SELECT pos, device_id, seq, type, payload, at_us, applied, skipped_because FROM events "
                       "WHERE skipped_because LIKE 'refused: %' ORDER BY pos");
    if (!s.ok()) return s.error();
    return ReadStoredEvents(d, *s);
}

Result<std::vector<StoredEvent>> Store::OwnEventsNotApplied() const {
    auto& d = *impl_->db;
    auto s = d.Prepare("SELECT pos, device_id, seq, type, payload, at_us, applied, skipped_because FROM events "
                       "WHERE device_id = ? AND applied = 0 ORDER BY seq");
    if (!s.ok()) return s.error();
    s->BindAll(impl_->self.id);
    return ReadStoredEvents(d, *s);
}

Result<std::vector<core::Event>> Store::ReadOutbox(std::int64_t after_seq, int limit) const {
    auto& d = *impl_->db;
    auto s = d.Prepare("SELECT device_id, seq, type, payload, at_us FROM events WHERE device_id = ? AND seq > ? "
                       "ORDER BY seq LIMIT ?");
    if (!s.ok()) return s.error();
    s->BindAll(impl_->self.id, after_seq, limit);
    std::vector<core::Event> out;
    for (;;) {
        auto row = d.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        out.push_back(core::Event{s->Text(0), s->Int(1), s->Text(2), json::parse(s->Text(3), nullptr, false), s->Int(4)});
    }
    return out;
}

Status Store::MarkSent(std::int64_t up_to_seq) {
    Impl& m = *impl_;
    if (up_to_seq >= 0 && up_to_seq <= m.sent_up_to) return {};  // only ever grows: nothing to do
    bool changed = false;
    Status ok = m.InTransaction([&]() -> Status {
        // Checked after InTransaction's refresh: another process on this file (the terminal
        // beside `anlaufstelle-ctl sync run`) may have written the events since we loaded.
        if (up_to_seq < 0 || up_to_seq >= m.next_seq)
            return MakeError(ErrorCode::kInvalidInput, "Cannot mark event " + std::to_string(up_to_seq) +
                                                           " as sent: this device has written events up to " +
                                                           std::to_string(m.next_seq - 1) + ".");
        if (up_to_seq <= m.sent_up_to) return {};
        changed = true;
        auto s = m.db->Prepare("INSERT INTO outbox_state (device_id, sent_up_to) VALUES (?, ?) ON CONFLICT(device_id) "
                               "DO UPDATE SET sent_up_to = max(sent_up_to, excluded.sent_up_to)");
        if (!s.ok()) return s.error();
        s->BindAll(m.self.id, up_to_seq);
        return m.db->Write(*s);
    });
    if (!ok) return ok;
    if (changed) m.sent_up_to = std::max(m.sent_up_to, up_to_seq);
    return {};
}

Result<std::int64_t> Store::PendingCount() const { return impl_->next_seq - 1 - impl_->sent_up_to; }
std::int64_t Store::SentUpTo() const { return impl_->sent_up_to; }

Status Store::RebuildProjection(std::span<const EventKey> order) {
    Impl& m = *impl_;
    auto all = ListEvents(0, std::numeric_limits<int>::max());
    if (!all.ok()) return all.error();
    std::vector<const StoredEvent*> sequence;
    std::set<std::pair<std::string, std::int64_t>> placed;
    std::map<std::pair<std::string, std::int64_t>, const StoredEvent*> by_key;
    for (const auto& e : *all) by_key[{e.event.device_id, e.event.seq}] = &e;
    for (const auto& key : order) {
        auto it = by_key.find({key.device_id, key.seq});
        if (it == by_key.end() || !placed.insert(it->first).second) continue;
        sequence.push_back(it->second);
    }
    for (const auto& e : *all)
        if (!placed.count({e.event.device_id, e.event.seq})) sequence.push_back(&e);

    return m.InTransaction([&]() -> Status {
        for (const char* sql : {"DELETE FROM tickets", "DELETE FROM calls", "DELETE FROM appointment_bookings",
                                "DELETE FROM handoffs"}) {
            auto s = m.db->Prepare(sql);
            if (!s.ok()) return s.error();
            if (auto w = m.db->Write(*s); !w) return w;
        }
        m.state_dirty = true;
        m.state = {};
        // Every row is written once, in its final state, after the fold: a ticket is touched by
        // four to six events and a busy day's re-fold wrote it each time. First touch keeps
        // the order the rows were written in before.
        core::Applied touched;
        std::set<std::string> seen_tickets, seen_appointments, seen_handoffs;
        auto note = [](std::vector<std::string>& ids, std::set<std::string>& seen, const std::vector<std::string>& more) {
            for (const auto& id : more)
                if (seen.insert(id).second) ids.push_back(id);
        };
        std::vector<core::Call> calls;
        for (const StoredEvent* e : sequence) {
            if (std::string_view(e->skipped_because).substr(0, kRefusedPrefix.size()) == kRefusedPrefix) continue;
            core::Applied applied = core::ApplyEvent(m.state, e->event);
            if (applied.applied != e->applied || applied.skipped_because != e->skipped_because) {
                auto s = m.db->Prepare("UPDATE events SET applied = ?, skipped_because = ? WHERE pos = ?");
                if (!s.ok()) return s.error();
                s->BindAll(applied.applied, applied.skipped_because, e->pos);
                if (auto w = m.db->Write(*s); !w) return w;
            }
            note(touched.ticket_ids, seen_tickets, applied.ticket_ids);
            note(touched.appointment_ids, seen_appointments, applied.appointment_ids);
            note(touched.handoff_ids, seen_handoffs, applied.handoff_ids);
            if (applied.call) calls.push_back(std::move(*applied.call));
        }
        if (auto w = m.Project(touched); !w) return w;
        for (auto& call : calls) {
            core::Applied one;
            one.call = std::move(call);
            if (auto w = m.Project(one); !w) return w;
        }
        return {};
    });
}

// --- staff ---------------------------------------------------------------------------------

Status Store::AddStaff(const std::string& number, const std::string& given_name, const std::string& pin) {
    return AddStaffAs("", number, given_name, pin, {core::StaffRole::kDesk});
}

Result<core::Staff> Store::SignIn(const std::string& number, const std::string& pin) {
    auto outcome = TrySignIn(number, pin);
    if (!outcome.ok()) return outcome.error();
    if (outcome->signed_in) return outcome->staff;
    if (outcome->locked) {
        const Micros now = impl_->clock.NowUtcMicros();
        const Micros minutes = std::max<Micros>(1, (outcome->locked_until - now + kMicrosPerMinute - 1) / kMicrosPerMinute);
        return MakeError(ErrorCode::kUnauthorized, "Sign-in for staff number " + number + " is locked after " +
                                                       std::to_string(core::kMaxFailedSignIns) + " wrong PINs; try again in " +
                                                       std::to_string(minutes) + " minutes or ask an administrator.");
    }
    return MakeError(ErrorCode::kUnauthorized, "The staff number or the PIN is wrong.");
}

namespace {
// One wrong try more for (failed, locked_until): locks after core::kMaxFailedSignIns.
void CountFailure(int& failed, Micros& locked_until, Micros now, core::SignInOutcome& out) {
    ++failed;
    if (failed >= core::kMaxFailedSignIns) {
        failed = 0;
        locked_until = now + core::kSignInLockout;
        out.locked = true;
        out.locked_until = locked_until;
    } else {
        out.attempts_left = core::kMaxFailedSignIns - failed;
    }
}
}  // namespace

Result<core::SignInOutcome> Store::TrySignIn(const std::string& number, const std::string& pin) {
    Impl& m = *impl_;
    core::SignInOutcome out;
    core::Staff staff;
    bool found = false;
    bool audited = false;
    const Micros now = m.clock.NowUtcMicros();
    Status ok = m.InTransaction([&]() -> Status {
        out = {};
        audited = false;
        auto s = m.db->Prepare(
            "SELECT number, name, pin_hash, failed_attempts, locked_until, roles FROM staff WHERE number = ?");
        if (!s.ok()) return s.error();
        s->Bind(1, number);
        auto row = m.db->Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) return {};
        found = true;
        staff = core::Staff{s->Text(0), s->Text(1), s->Text(2), static_cast<int>(s->Int(3)), s->Int(4)};
        if (auto roles = core::ParseStaffRoles(s->Text(5)); roles.ok()) staff.roles = std::move(roles).value();
        sqlite3_reset(s->get());
        // The audit log (core.h section 12): who signed in or failed, in this transaction.
        auto audit = [&](const char* outcome) -> Status {
            if (!m.initialised) return {};
            core::Event e = core::MakeAuditSignIn(core::Actor{m.self.id, m.self.slot, m.next_seq, ""}, now, number, outcome);
            audited = true;
            return m.StoreEvent(e, core::ApplyEvent(m.state, e));
        };
        if (staff.locked_until > now) {
            out.locked = true;
            out.locked_until = staff.locked_until;
            return audit("locked");
        }
        if (core::VerifyPin(staff.pin_hash, pin)) {
            staff.failed_attempts = 0;
            staff.locked_until = 0;
            out.signed_in = true;
        } else {
            CountFailure(staff.failed_attempts, staff.locked_until, now, out);
        }
        auto u = m.db->Prepare("UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE number = ?");
        if (!u.ok()) return u.error();
        u->BindAll(staff.failed_attempts, staff.locked_until, number);
        if (auto w = m.db->Write(*u); !w) return w;
        return audit(out.signed_in ? "ok" : out.locked ? "locked" : "wrong");
    });
    if (!ok) return ok.error();
    if (audited) ++m.next_seq;
    if (!found) {
        // An unknown number: count like a known one, so the answers do not tell them apart.
        // In memory only (nothing to store for a number that does not exist), bounded.
        if (m.unknown_sign_ins.size() > 1000) m.unknown_sign_ins.clear();
        auto& [failed, locked_until] = m.unknown_sign_ins[number];
        if (locked_until > now) {
            out.locked = true;
            out.locked_until = locked_until;
        } else {
            CountFailure(failed, locked_until, now, out);
        }
        // Audited without the number: what was typed may have been a PIN in the wrong field.
        if (m.initialised) {
            auto audit = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros at, sql::Connection&)
                                            -> Result<core::Event> {
                return core::MakeAuditSignIn(actor, at, "", out.locked ? "locked" : "wrong");
            });
            if (!audit.ok()) return audit.error();
        }
        return out;
    }
    if (out.signed_in) {
        staff.pin_hash.clear();  // callers need who signed in, not the hash
        out.staff = staff;
    }
    return out;
}

Result<std::map<std::string, std::string>> Store::StaffNames() const {
    auto& d = *impl_->db;
    auto s = d.Prepare("SELECT number, name FROM staff");
    if (!s.ok()) return s.error();
    std::map<std::string, std::string> names;
    for (;;) {
        auto row = d.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        names.emplace(s->Text(0), s->Text(1));
    }
    return names;
}

// --- checks --------------------------------------------------------------------------------

Status Store::SetFaultPlan(const FaultPlan& faults) {
    impl_->db->SetFaults(faults);
    if (faults.max_page_count > 0)
        return impl_->db->Exec("PRAGMA max_page_count=" + std::to_string(faults.max_page_count));
    return {};
}

Status Store::CheckIntegrity() const {
    auto& d = *impl_->db;
    auto s = d.Prepare("PRAGMA integrity_check");
    if (!s.ok()) return s.error();
    auto row = d.Next(*s);
    if (!row.ok()) return row.error();
    std::string first = *row ? s->Text(0) : "";
    if (*row) sqlite3_reset(s->get());
    if (first != "ok")
        return MakeError(ErrorCode::kCorrupt, path().string() + " is damaged (integrity check: " + first.substr(0, 120) + ").");
    return {};
}

// --- for config_store.cpp (sync: site configuration from the central service) ----------------

Status Store::InConfigTransaction(const catalogue::Catalogue* catalogue,
                                  const std::function<Status(sql::Connection&)>& body) {
    Impl& m = *impl_;
    Status ok = m.InTransaction([&]() -> Status {
        m.state_dirty = true;  // a failure reloads memory from the file
        if (catalogue)
            if (auto w = m.WriteCatalogue(*catalogue); !w) return w;
        return body(*m.db);
    });
    if (!ok) return ok;
    return m.LoadAll();
}

sql::Connection& Store::ConfigConnection() const { return *impl_->db; }

// --- retention --------------------------------------------------------------------------

Result<Store::Purge> Store::PurgePersonalData(Micros older_than, bool dry_run) {
    Impl& m = *impl_;
    Purge purge;
    // Freed space is overwritten with zeros from here on, so an emptied field leaves no copy
    // in the page it sat in (per connection; costs a little on deletes, which are rare here).
    if (auto secure = m.db->Exec("PRAGMA secure_delete = ON"); !secure) return secure.error();
    Status done = m.InTransaction([&]() -> Status {
        purge = Purge{};
        auto s = m.db->Prepare("SELECT pos, device_id, seq, type, payload, at_us FROM events WHERE at_us < ? AND type IN "
                               "('ticket.transferred', 'handoff.given') ORDER BY pos");
        if (!s.ok()) return s.error();
        s->BindAll(older_than);
        std::vector<std::pair<std::int64_t, std::string>> rewrites;  // pos, new payload
        for (;;) {
            auto row = m.db->Next(*s);
            if (!row.ok()) return row.error();
            if (!*row) break;
            core::Event e{s->Text(1), s->Int(2), s->Text(3), json::parse(s->Text(4), nullptr, false), s->Int(5)};
            core::Event purged = e;
            auto fields = core::PurgePersonalFields(purged);
            if (fields.empty()) continue;
            if (e.device_id == m.self.id && e.seq > m.sent_up_to) {
                ++purge.waiting_to_send;
                continue;
            }
            ++purge.events;
            for (const auto& f : fields) ++purge.fields[f];
            rewrites.emplace_back(s->Int(0), purged.payload.dump(-1, ' ', false, json::error_handler_t::replace));
        }
        auto count = [&](const std::string& sql) -> Result<int> {
            auto c = m.db->Prepare(sql);
            if (!c.ok()) return c.error();
            c->BindAll(older_than);
            auto row = m.db->Next(*c);
            if (!row.ok()) return row.error();
            return static_cast<int>(*row ? c->Int(0) : 0);
        };
        auto tickets = count("SELECT count(*) FROM tickets WHERE created_at < ? AND note <> ''");
        auto handoffs = count("SELECT count(*) FROM handoffs WHERE at_us < ? AND (name <> '' OR reason <> '' OR consent <> 0)");
        if (!tickets.ok()) return tickets.error();
        if (!handoffs.ok()) return handoffs.error();
        purge.tickets = *tickets;
        purge.handoffs = *handoffs;
        if (dry_run) return {};
        for (const auto& [pos, payload] : rewrites) {
            auto u = m.db->Prepare("UPDATE events SET payload = ? WHERE pos = ?");
            if (!u.ok()) return u.error();
            u->BindAll(payload, pos);
            if (auto w = m.db->Write(*u); !w) return w;
        }
        for (const char* sql : {"UPDATE tickets SET note = '' WHERE created_at < ? AND note <> ''",
                                "UPDATE handoffs SET name = '', reason = '', consent = 0 "
                                "WHERE at_us < ? AND (name <> '' OR reason <> '' OR consent <> 0)"}) {
            auto u = m.db->Prepare(sql);
            if (!u.ok()) return u.error();
            u->BindAll(older_than);
            if (auto w = m.db->Write(*u); !w) return w;
        }
        m.state_dirty = true;
        return {};
    });
    if (!done) return done.error();
    if (dry_run) return purge;
    // Memory holds the old notes and names: read the purged rows back.
    if (auto reload = m.LoadAll(); !reload) return reload.error();
    // Pages written before secure_delete may still hold old copies in their free space (a page
    // split leaves the moved cells behind): VACUUM writes every page afresh. Then the
    // write-ahead log, which holds the pages as they were, goes into the file and is emptied.
    // VACUUM and a truncating checkpoint refuse to run beside a statement left mid-way (the
    // cache keeps them, holding a read transaction; each is reset before its next use anyway).
    for (sqlite3_stmt* st = sqlite3_next_stmt(m.db->raw(), nullptr); st; st = sqlite3_next_stmt(m.db->raw(), st))
        if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
    if (purge.events + purge.tickets + purge.handoffs > 0)
        if (auto vacuum = m.db->Exec("VACUUM"); !vacuum) return vacuum.error();
    if (auto checkpoint = m.db->Exec("PRAGMA wal_checkpoint(TRUNCATE)"); !checkpoint) return checkpoint.error();
    return purge;
}

}  // namespace anl::store

// --- a visitor's request for information or erasure (core.h section 14) ---------------------

namespace anl::store {
namespace {

using ErasedKeys = std::vector<std::pair<std::string, std::int64_t>>;

// Empties the personal fields of the stored events `keys` (those this store holds: a terminal
// may never have pulled some) and what the fold took from them, in memory and in the rows.
// Runs inside the caller's transaction; counts into `counts`.
Status EraseStoredEvents(Store::Impl& m, const ErasedKeys& keys, Store::Erasure& counts) {
    for (const auto& [device, seq] : keys) {
        auto s = m.db->Prepare("SELECT type, payload, at_us FROM events WHERE device_id = ? AND seq = ?");
        if (!s.ok()) return s.error();
        s->BindAll(device, seq);
        auto row = m.db->Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) continue;
        core::Event held{device, seq, s->Text(0), json::parse(s->Text(1), nullptr, false), s->Int(2)};
        sqlite3_reset(s->get());
        core::Event emptied = held;
        auto fields = core::PurgePersonalFields(emptied);
        if (!fields.empty()) {
            ++counts.events;
            for (const auto& f : fields) ++counts.fields[f];
            auto u = m.db->Prepare("UPDATE events SET payload = ? WHERE device_id = ? AND seq = ?");
            if (!u.ok()) return u.error();
            u->BindAll(emptied.payload.dump(-1, ' ', false, json::error_handler_t::replace), device, seq);
            if (auto w = m.db->Write(*u); !w) return w;
        }
        m.state_dirty = true;
        core::Applied forgot = core::ForgetPersonalFields(m.state, held);
        for (const auto& id : forgot.ticket_ids) {
            auto u = m.db->Prepare("UPDATE tickets SET note = '' WHERE id = ?");
            if (!u.ok()) return u.error();
            u->BindAll(id);
            if (auto w = m.db->Write(*u); !w) return w;
            ++counts.tickets;
        }
        for (const auto& id : forgot.handoff_ids) {
            auto u = m.db->Prepare("UPDATE handoffs SET name = '', reason = '', consent = 0 WHERE id = ?");
            if (!u.ok()) return u.error();
            u->BindAll(id);
            if (auto w = m.db->Write(*u); !w) return w;
            ++counts.handoffs;
        }
    }
    return {};
}

// After an erasure: no freed page and no write-ahead log may keep the old bytes (as
// PurgePersonalData: secure_delete was on for the change, VACUUM rewrites every page, the
// truncating checkpoint empties the log).
Status ScrubFile(Store::Impl& m) {
    for (sqlite3_stmt* st = sqlite3_next_stmt(m.db->raw(), nullptr); st; st = sqlite3_next_stmt(m.db->raw(), st))
        if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
    if (auto vacuum = m.db->Exec("VACUUM"); !vacuum) return vacuum;
    return m.db->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace

Result<Store::VisitorData> Store::FindVisitorData(const std::string& acting, std::string_view reference,
                                                  std::string_view day) {
    if (auto allowed = Authorise(acting, core::Right::kAnswerPrivacyRequests, "privacy_show"); !allowed)
        return allowed.error();
    if (auto fresh = RefreshIfChanged(); !fresh.ok()) return fresh.error();
    auto all = ListEvents(0, std::numeric_limits<int>::max());
    if (!all.ok()) return all.error();
    std::vector<core::Event> events;
    events.reserve(all->size());
    for (const auto& e : *all) events.push_back(e.event);
    auto match = core::MatchVisitor(impl_->state, events, reference, day, impl_->site.rules.time_zone);
    if (!match.ok()) return match.error();
    VisitorData data;
    for (std::size_t i : match->events) data.events.push_back((*all)[i]);
    data.match = std::move(match).value();
    return data;
}

Result<Store::Erasure> Store::ErasePersonalData(const std::string& acting, std::string_view reference,
                                                std::string_view day, bool dry_run) {
    Impl& m = *impl_;
    if (auto allowed = Authorise(acting, core::Right::kAnswerPrivacyRequests, "privacy_erase"); !allowed)
        return allowed.error();
    auto found = FindVisitorData(acting, reference, day);
    if (!found.ok()) return found.error();
    Erasure erasure;
    erasure.found = std::move(found).value();
    ErasedKeys keys;
    std::vector<std::string> ids;
    for (const auto& stored : erasure.found.events) {
        if (core::PersonalFieldsOf(stored.event).empty()) continue;
        keys.emplace_back(stored.event.device_id, stored.event.seq);
        ids.push_back(core::EventId(stored.event));
    }
    if (keys.empty()) return erasure;  // nothing personal left: nothing to erase or record
    if (ids.size() > core::kMaxErasedEvents)
        return MakeError(ErrorCode::kRejected, "This reference names more events than one erasure may hold.");
    if (dry_run) {
        core::State copy = m.state;
        for (const auto& stored : erasure.found.events) {
            core::Event emptied = stored.event;
            auto fields = core::PurgePersonalFields(emptied);
            if (fields.empty()) continue;
            ++erasure.events;
            for (const auto& f : fields) ++erasure.fields[f];
            core::Applied forgot = core::ForgetPersonalFields(copy, stored.event);
            erasure.tickets += static_cast<int>(forgot.ticket_ids.size());
            erasure.handoffs += static_cast<int>(forgot.handoff_ids.size());
        }
        return erasure;
    }
    if (auto secure = m.db->Exec("PRAGMA secure_delete = ON"); !secure) return secure.error();
    Status done = m.InTransaction([&]() -> Status {
        Erasure counts;
        if (auto erased = EraseStoredEvents(m, keys, counts); !erased) return erased;
        core::Event record = core::MakePrivacyErased(core::Actor{m.self.id, m.self.slot, m.next_seq, acting},
                                                     m.clock.NowUtcMicros(), acting, ids);
        if (auto valid = CheckPayloads({record}); !valid) return valid;
        core::Applied applied = core::ApplyEvent(m.state, record);
        ANL_ASSERT(applied.applied && "an erasure decided here always folds");
        if (auto w = m.StoreEvent(record, applied); !w) return w;
        erasure.events = counts.events;
        erasure.fields = counts.fields;
        erasure.tickets = counts.tickets;
        erasure.handoffs = counts.handoffs;
        erasure.recorded = core::EventId(record);
        return {};
    });
    if (!done) return done.error();
    ++m.next_seq;
    for (auto& stored : erasure.found.events) (void)core::PurgePersonalFields(stored.event);  // as stored now
    if (auto scrubbed = ScrubFile(m); !scrubbed) return scrubbed.error();
    return erasure;
}

}  // namespace anl::store

// --- the daily automatic retention run (docs/DATA-PROTECTION.md) -----------------------------

namespace anl::store {

Result<Micros> Store::LastRetentionRun() const {
    auto s = impl_->db->Prepare("SELECT value FROM appointment_settings WHERE name = 'retention_last_run'");
    if (!s.ok()) return s.error();
    auto row = impl_->db->Next(*s);
    if (!row.ok()) return row.error();
    if (!*row) return Micros{0};
    json value = json::parse(s->Text(0), nullptr, false);
    sqlite3_reset(s->get());
    return value.is_number_integer() ? value.get<Micros>() : Micros{0};
}

Result<std::optional<Store::Purge>> Store::RunRetentionIfDue() {
    Impl& m = *impl_;
    if (!m.initialised) return std::optional<Purge>{};
    if (m.last_retention_run < 0) {
        auto last = LastRetentionRun();
        if (!last.ok()) return last.error();
        m.last_retention_run = last.value();
    }
    const Micros now = m.clock.NowUtcMicros();
    if (m.last_retention_run > 0 && now - m.last_retention_run < kRetentionInterval) return std::optional<Purge>{};
    const Micros cutoff = now - static_cast<Micros>(m.catalogue.retention.days) * 24 * 3600 * kMicrosPerSecond;
    auto purged = PurgePersonalData(cutoff, false);
    if (!purged.ok()) {
        m.last_retention_run = now - kRetentionInterval + kRetentionRetry;  // not at every poll
        return purged.error();
    }
    // Remembered after the purge: a run cut short by a power cut runs again at the next start.
    Status remembered = m.InTransaction([&]() -> Status {
        auto s = m.db->Prepare("INSERT INTO appointment_settings (name, value) VALUES ('retention_last_run', ?) "
                               "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
        if (!s.ok()) return s.error();
        s->BindAll(std::to_string(now));
        return m.db->Write(*s);
    });
    if (!remembered) return remembered.error();
    m.last_retention_run = now;
    return std::optional<Purge>{purged.value()};
}

}  // namespace anl::store
