// Helpers for the store tests: a fresh directory per test and an initialised store.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "../core/fixtures.h"
#include "kiosk/store/store.h"

namespace anl::test {

// A fresh directory under the system temp dir, removed when the test ends.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "anl-store-XXXXXX").string();
        char* made = mkdtemp(pattern.data());
        ANL_ASSERT(made && "a test needs a temporary directory");
        path_ = made;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// Runs SQL on a store file directly: only to build foreign, old or damaged files.
inline void RawSql(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

inline std::unique_ptr<store::Store> OpenStore(const std::filesystem::path& file, const Clock& clock,
                                               const store::OpenOptions& options = {}) {
    auto opened = store::Store::Open(file, clock, options);
    INFO((opened.ok() ? std::string() : opened.error().message));
    REQUIRE(opened.ok());
    return std::move(opened).value();
}

inline std::unique_ptr<store::Store> InitStore(const std::filesystem::path& file, const Clock& clock,
                                               const std::string& device = "kiosk-1", int slot = 0) {
    auto s = OpenStore(file, clock);
    store::SiteSettings site;
    auto ok = s->Initialise(site, SmallCatalogue(), core::Device{device, "site-1", slot, anl::Role::kKiosk});
    INFO((ok.ok() ? std::string() : ok.error().message));
    REQUIRE(ok.ok());
    return s;
}

inline std::string Issue(store::Store& s, const std::string& service = "abh.permit-extension") {
    auto r = s.Execute(core::IssueTicket{service, "de", "", false, 0});
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return r->ticket_ids.front();
}

// Every ticket has exactly one event that created it (issued or transferred) and every
// creating event has its ticket.
inline void CheckTicketsMatchEvents(const store::Store& s) {
    auto events = s.ListEvents(0, 1'000'000);
    REQUIRE(events.ok());
    std::map<std::string, int> created;
    for (const auto& e : *events) {
        if (!e.applied) continue;
        if (e.event.type == "ticket.issued") ++created[e.event.payload["ticket_id"].get<std::string>()];
        if (e.event.type == "ticket.transferred") ++created[e.event.payload["new_ticket_id"].get<std::string>()];
        // A finished stop of a visit with a plan queues the next stop under the event's id.
        const std::string own_id = e.event.device_id + "/" + std::to_string(e.event.seq);
        if (e.event.type == "ticket.finished" && s.state().FindTicket(own_id)) ++created[own_id];
    }
    for (const auto& [id, n] : created) {
        INFO(id);
        CHECK(n == 1);
        CHECK(s.state().FindTicket(id) != nullptr);
    }
    CHECK(created.size() == s.state().tickets.size());
}

// SmallCatalogue with the case managers' service, so visits can be handed to case
// management (the retention and privacy tests hand one on with the visitor's consent).
inline catalogue::Catalogue CaseManagementCatalogue() {
    auto c = SmallCatalogue();
    catalogue::Service cm;
    cm.id = "fsa.case-management";
    cm.office_id = "fsa";
    cm.needs_appointment = true;
    c.services.push_back(cm);
    c.case_management = {"fsa.case-management", {"several-offices", "housing-risk"}};
    return c;
}

// Every byte of a store's files (the database, its write-ahead log and journal when there
// are any): a personal text that is gone must be in none of them.
inline std::string StoreFileBytes(const std::filesystem::path& db) {
    std::string all;
    for (const auto& p : {db, std::filesystem::path(db.string() + "-wal"), std::filesystem::path(db.string() + "-journal")}) {
        std::ifstream in(p, std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), {});
    }
    return all;
}

}  // namespace anl::test
