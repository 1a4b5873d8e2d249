// sync client: the terminal's side of sync. Ships this device's outbox to the central
//   service and applies everyone else's events, in the central's order, to the local store.
//   Owns: the transport seam (libcurl, or a fault-injecting one in tests), the sync journal
//   (credentials, pull cursor and the central order, in a small file beside the store),
//   one round of sync (SyncEngine, no threads: the simulation drives it) and the worker
//   thread (SyncClient) with back-off and a thread-safe status snapshot.
//   Must never: block the caller (the UI thread only reads a snapshot), decide a queue rule,
//   speak SQL, or log a token or a payload.
//
// Index
//   1. Transport
//   2. Journal: what a terminal remembers about sync besides its events
//   3. SyncEngine: one round (hello, push, pull) against a store
//   4. SyncClient: the worker thread
//   5. Enrolment and administration (used by anlaufstelle-ctl)
//   6. Configuration down: fetch, validate, apply (config_down.cpp)
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/base/base.h"
#include "kiosk/store/store.h"
#include "sync/protocol/protocol.h"

namespace anl::sync {

// ---------------------------------------------------------------------------------------
// 1. Transport: one HTTP exchange. Errors are kNetwork (no answer: retry later); any HTTP
//    answer, 4xx included, is a response.
// ---------------------------------------------------------------------------------------
struct HttpRequest {
    std::string method = "POST";
    std::string path;       // e.g. "/v1/push"
    std::string token;      // bearer token, "" for none
    std::string body;
    int timeout_ms = 10'000;
};
struct HttpResponse {
    int status = 0;
    std::string body;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
    // Ends a Send that is waiting (a long-poll) early, from any thread, and every later Send
    // until ClearInterrupt (so an interrupt just before a Send is not lost). Default: no-op.
    virtual void Interrupt() {}
    virtual void ClearInterrupt() {}
};

// libcurl on the calling thread. `base_url` like "http://127.0.0.1:8470" or "https://...".
// `ca_file`: for https, trust only the CA certificates in this PEM file (a site's own CA);
// empty: the system's CA store. Certificate and host name are always verified.
std::unique_ptr<Transport> MakeCurlTransport(const std::string& base_url, const std::string& ca_file = "");

// Turns an HTTP answer into a message of type T, or an Error that says what the central
// refused (its ErrorMessage sentence) with a matching ErrorCode.
template <typename T>
Result<T> ExpectAnswer(const Result<HttpResponse>& response);

// ---------------------------------------------------------------------------------------
// 2. Journal: saved as "<store>.sync.json" (credentials and cursor, replaced atomically,
//    mode 0600 for the token) and "<store>.sync-order" (the central order, append-only).
//    Losing both costs only a full re-pull: applying events is idempotent.
// ---------------------------------------------------------------------------------------
struct Credentials {
    std::string central_url;
    std::string device;
    std::string site;
    Role role = Role::kKiosk;
    std::string token;
    std::string ca_file;  // the CA file given at enrolment ("" : the system's CA store)
};

class Journal {
public:
    static Result<Journal> Load(const std::filesystem::path& store_path);
    static std::filesystem::path FileFor(const std::filesystem::path& store_path);

    bool enrolled() const { return credentials_.has_value(); }
    const Credentials& credentials() const { return *credentials_; }
    Status SetCredentials(const Credentials& credentials);  // saves

    std::int64_t cursor() const { return cursor_; }
    Micros last_success_us() const { return last_success_us_; }
    // The central order known so far: every event of the site up to cursor().
    const std::vector<store::EventKey>& order() const { return order_; }
    std::int64_t highest_own_placed() const { return highest_own_placed_; }

    // Appends pulled positions (skipping any already recorded), then saves the cursor.
    Status Advance(const std::vector<OrderedEvent>& events, std::int64_t cursor, Micros now);
    Status Forget();  // drop credentials, cursor and order (re-enrolment)
    // The journal text a backup carried (Store::BackupTo), put back beside a restored store:
    // its credentials kept, its cursor and order dropped, so the next round pulls the site's
    // whole order again, this device's own events among them (the store then numbers its next
    // event after the highest the central holds). A text that is not a journal is refused.
    static Status Restore(const std::filesystem::path& store_path, const std::string& text);
    // This journal as text, for a backup.
    static Result<std::string> Text(const std::filesystem::path& store_path);

private:
    Status Save() const;

    std::filesystem::path json_path_, order_path_;
    std::optional<Credentials> credentials_;
    std::int64_t cursor_ = 0;
    std::int64_t last_order_ = 0;
    Micros last_success_us_ = 0;
    std::vector<store::EventKey> order_;
    std::int64_t highest_own_placed_ = 0;
};

// ---------------------------------------------------------------------------------------
// 3. SyncEngine: one round of sync, on the caller's thread. Used by the worker thread, by
//    `anlaufstelle-ctl sync now`, and by the deterministic simulation.
// ---------------------------------------------------------------------------------------
// One of this device's events that the central order turned down (another desk called the
// same visitor first), or that the central refused by its rules (reason starts with
// store::kRefusedPrefix): the desk is told and calls the next.
struct RejectedEvent {
    std::int64_t seq = 0;
    std::string type;
    std::string reason;
};

struct RoundSummary {
    std::int64_t pushed = 0;        // events the central newly stored
    std::int64_t pulled = 0;        // foreign events newly applied
    bool rebuilt = false;           // the projection was re-folded in central order
    std::vector<RejectedEvent> newly_rejected;
    std::int64_t config_applied = 0;  // a configuration version applied in this round (0: none)
    std::string config_error;         // why a newer configuration was not applied ("" if none)
};

class SyncEngine {
public:
    // store_mutex, when given, is held for each store call and never across the network.
    SyncEngine(store::Store& store, Journal& journal, Transport& transport, const Clock& clock,
               std::mutex* store_mutex = nullptr);

    // Hello (once per engine, again after an error), push all waiting events, then pull
    // until caught up; the first pull may wait up to wait_ms for news (long-poll).
    Result<RoundSummary> RunRound(int wait_ms);
    // Forget the handshake (after a network error the central may have restarted).
    void Reset() { greeted_ = false; }

    Status Hello();
    Result<std::int64_t> PushAll();  // events newly stored by the central
    Result<RoundSummary> PullOnce(int wait_ms, bool* more);
    // When the central named a configuration newer than the applied one: fetch, validate and
    // apply it (config_down.cpp). A configuration this terminal cannot validate is not
    // applied (the old one stays), reported in the summary, and not fetched again.
    Status UpdateConfig(RoundSummary& summary);
    std::int64_t central_config_version() const { return central_config_version_; }

private:
    store::Store& store_;
    Journal& journal_;
    Transport& transport_;
    const Clock& clock_;
    std::mutex* store_mutex_;
    bool greeted_ = false;
    std::int64_t central_acked_ = 0;
    std::vector<std::int64_t> known_rejected_;  // own seqs already reported as rejected
    std::vector<RejectedEvent> refused_by_central_;  // marked in PushAll, re-folded in RunRound
    std::int64_t central_config_version_ = 0;   // as named by the last hello_ok / pull_ok
    std::int64_t applied_config_version_ = -1;  // -1: not read from the store yet
    std::int64_t refused_config_version_ = 0;   // failed validation here; not fetched again
};

// ---------------------------------------------------------------------------------------
// 4. SyncClient: a worker thread running SyncEngine rounds with exponential back-off and
//    jitter. status() is a snapshot any thread (the UI's) may read at any time.
// ---------------------------------------------------------------------------------------
struct SyncStatus {
    bool enrolled = false;
    bool online = false;              // the last round reached the central service
    std::int64_t waiting_to_send = 0; // own events the central does not hold yet
    Micros last_success_us = 0;       // 0: never
    std::string last_error;           // one sentence, "" after a success
    std::vector<RejectedEvent> rejected;  // own events the central order turned down
    std::int64_t rounds = 0;
    std::int64_t config_version = 0;     // the applied site configuration (0: none yet)
    std::string config_error;             // why the central's newer configuration was refused
};

struct ClientOptions {
    int long_poll_ms = 25'000;
    int min_backoff_ms = 200;
    int max_backoff_ms = 30'000;
    std::uint64_t seed = 0;  // jitter seed (0: from std::random_device)
};

class SyncClient {
public:
    // Starts the worker for the terminal's store. The worker holds store_mutex only for
    // store calls (milliseconds), never while it waits on the network; the UI takes the same
    // mutex around its own store calls. Fails when the terminal is not enrolled.
    static Result<std::unique_ptr<SyncClient>> Start(store::Store& store, std::mutex& store_mutex,
                                                     const Clock& clock, ClientOptions options = {},
                                                     std::unique_ptr<Transport> transport = nullptr);
    ~SyncClient();  // stops and joins the worker
    SyncClient(const SyncClient&) = delete;
    SyncClient& operator=(const SyncClient&) = delete;

    SyncStatus status() const;
    // `new_events` local events were written: push them now instead of after the current
    // long-poll. The snapshot counts them as waiting at once; the worker corrects the count
    // from the store after its next round.
    void Nudge(std::int64_t new_events = 1);

private:
    SyncClient() = default;
    void Run();
    void Publish(const SyncStatus& status);
    void SleepInterruptibly(int ms);

    store::Store* store_ = nullptr;
    std::mutex* store_mutex_ = nullptr;
    std::unique_ptr<Journal> journal_;
    std::unique_ptr<Transport> transport_;
    std::unique_ptr<SyncEngine> engine_;
    const Clock* clock_ = nullptr;
    ClientOptions options_;
    mutable std::mutex mutex_;
    SyncStatus status_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool nudged_ = false;
    std::thread worker_;
};

// ---------------------------------------------------------------------------------------
// 5. Enrolment and administration
// ---------------------------------------------------------------------------------------
// Exchanges an enrolment code for a device token and stores the credentials in the journal
// beside the store. The terminal keeps its own device id (the store's).
// `ca_file` is remembered for the worker's https connections.
Result<Credentials> EnrollTerminal(const std::filesystem::path& store_path, const std::string& central_url,
                                   const std::string& code, Transport& transport, const std::string& ca_file = "");

// The administrator's token: the first line of `file`, or else the ANL_ADMIN_TOKEN environment
// variable (never a command-line argument: it would show in `ps` and shell histories).
Result<std::string> AdminTokenFrom(const std::string& file);

// Administrator calls (the admin token authenticates them).
Result<DeviceAdded> AdminAddDevice(Transport& transport, const std::string& admin_token, const DeviceAdd& add);
Result<DeviceList> AdminListDevices(Transport& transport, const std::string& admin_token);
Result<DeviceInfo> AdminRevokeDevice(Transport& transport, const std::string& admin_token, const std::string& device);

// ---------------------------------------------------------------------------------------
// 6. Configuration down (config_down.cpp). The applied configuration lives in the store
//    (Store::ApplySiteConfig); its files are also written to "<store>.config/" (layout in
//    sync/config/config.h) for the loaders that read directories (catalogue, translations).
// ---------------------------------------------------------------------------------------
// Publishes a configuration (admin token, or the token of an enrolled admin device).
Result<ConfigPublished> PublishConfig(Transport& transport, const std::string& token, const ConfigPublish& publish);
// The versions the central keeps of `site`'s configuration, newest first (the admin token, or
// an enrolled admin terminal's token for its own site).
Result<ConfigVersions> ListConfigVersions(Transport& transport, const std::string& token, const std::string& site);
// As the enrolled admin terminal of `store_path` (its journal's central, CA and token): publish
// `publish` for the terminal's own site (an empty site is filled in; a rollback too), or list
// the site's versions. What the administration's Catalogue page sends; `config publish --as`
// sends the same. A store that is not an enrolled admin terminal is told so.
Result<ConfigPublished> PublishAsAdminTerminal(const std::filesystem::path& store_path, ConfigPublish publish);
Result<ConfigVersions> ConfigVersionsAsAdminTerminal(const std::filesystem::path& store_path);
// Fetches the site's current configuration as this device's role receives it.
Result<SiteConfig> FetchConfig(Transport& transport, const std::string& device_token);
// Validates `config` with the terminal's loaders and applies it to the store in one
// transaction, then refreshes "<store>.config/". Nothing changes when validation fails.
Status ApplyConfig(store::Store& store, const SiteConfig& config, Micros now, std::mutex* store_mutex = nullptr);
// "<store>.config": the applied configuration's files, for directory loaders.
std::filesystem::path AppliedConfigDir(const std::filesystem::path& store_path);
// Writes the store's applied configuration to AppliedConfigDir again (after it was removed).
Status RestoreAppliedConfigDir(const store::Store& store);
// Where a terminal's directory loaders should read: the applied configuration's catalogue
// and translations when it has them, otherwise the shipped ones
// (catalogue::DefaultCatalogueDir(), messages::Messages::DefaultDir()).
struct ConfigLoaderDirs {
    std::filesystem::path catalogue;
    std::filesystem::path translations;
    std::filesystem::path hours;  // empty when no hours were published
};
ConfigLoaderDirs LoaderDirsFor(const std::filesystem::path& store_path);

}  // namespace anl::sync
