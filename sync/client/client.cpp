// sync client: one round of sync (SyncEngine), the worker thread (SyncClient), enrolment
// and the administrator's calls. See client.h.
#include "sync/client/client.h"
#include "sync/client/store_lock.h"

#include "sync/client/escrow.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

namespace anl::sync {
namespace {

using nlohmann::json;

constexpr int kRequestTimeoutMs = 15'000;
// A long-poll is answered by the central after wait_ms; give the answer time to travel.
constexpr int kPollGraceMs = 10'000;

ErrorCode CodeForStatus(int status) {
    if (status == 401 || status == 403) return ErrorCode::kUnauthorized;
    if (status == 400 || status == 413 || status == 422 || status == 431) return ErrorCode::kInvalidInput;
    if (status == 404) return ErrorCode::kNotFound;
    if (status == 409) return ErrorCode::kRejected;
    return ErrorCode::kNetwork;  // 5xx and anything unexpected: try again later
}

Event ToWire(const core::Event& e) { return Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us}; }

Result<core::Event> FromWire(const Event& e) {
    json payload = json::parse(e.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object())
        return MakeError(ErrorCode::kInvalidInput, "The central sent an event whose payload is not a JSON object.");
    return core::Event{e.device, e.seq, e.type, std::move(payload), e.at_us};
}

// Whether the central order of a pulled batch puts every one of this device's unplaced own
// events (`unplaced`, folded here before the batch's foreign events) ahead of every foreign
// event of the batch: then the local fold's order is the central's. An own event the batch
// does not place yet will come after its foreign events: not first.
bool OwnEventsComeFirst(const std::vector<core::Event>& unplaced, const std::vector<OrderedEvent>& batch,
                        const std::string& own_device) {
    std::set<std::int64_t> waiting;
    for (const auto& e : unplaced) waiting.insert(e.seq);
    for (const auto& e : batch) {
        if (e.event.device == own_device) waiting.erase(e.event.seq);
        else if (!waiting.empty()) return false;
    }
    return true;
}

}  // namespace

template <typename T>
Result<T> ExpectAnswer(const Result<HttpResponse>& response) {
    if (!response.ok()) return response.error();
    if (response->status >= 200 && response->status < 300) {
        auto message = DecodeAs<T>(response->body);
        if (!message.ok())
            return MakeError(ErrorCode::kNetwork, "The central service answered badly: " + message.error().message);
        return message;
    }
    auto refusal = DecodeAs<ErrorMessage>(response->body);
    std::string sentence = refusal.ok() ? refusal->message
                                        : "The central service answered HTTP " + std::to_string(response->status) + ".";
    return MakeError(CodeForStatus(response->status), sentence);
}

template Result<HelloOk> ExpectAnswer<HelloOk>(const Result<HttpResponse>&);
template Result<PushOk> ExpectAnswer<PushOk>(const Result<HttpResponse>&);
template Result<PullOk> ExpectAnswer<PullOk>(const Result<HttpResponse>&);
template Result<Enrolled> ExpectAnswer<Enrolled>(const Result<HttpResponse>&);
template Result<DeviceAdded> ExpectAnswer<DeviceAdded>(const Result<HttpResponse>&);
template Result<DeviceList> ExpectAnswer<DeviceList>(const Result<HttpResponse>&);
template Result<DeviceInfo> ExpectAnswer<DeviceInfo>(const Result<HttpResponse>&);
template Result<ConfigPublished> ExpectAnswer<ConfigPublished>(const Result<HttpResponse>&);
template Result<ConfigVersions> ExpectAnswer<ConfigVersions>(const Result<HttpResponse>&);
template Result<SiteConfig> ExpectAnswer<SiteConfig>(const Result<HttpResponse>&);

// ---------------------------------------------------------------------------------------
// SyncEngine
// ---------------------------------------------------------------------------------------
SyncEngine::SyncEngine(store::Store& store, Journal& journal, Transport& transport, const Clock& clock,
                       std::mutex* store_mutex)
    : store_(store), journal_(journal), transport_(transport), clock_(clock), store_mutex_(store_mutex) {}

Status SyncEngine::Hello() {
    if (!journal_.enrolled())
        return MakeError(ErrorCode::kUnauthorized, "This terminal is not enrolled; run anlaufstelle-ctl enroll first.");
    sync::Hello hello;
    hello.software = std::string("anlaufstelle sync protocol ") + std::to_string(kProtocolVersion);
    auto ok = ExpectAnswer<HelloOk>(
        transport_.Send({"POST", std::string(kPathHello), journal_.credentials().token, Encode(hello), kRequestTimeoutMs}));
    if (!ok.ok()) return ok.error();
    auto compatible = CheckPeerVersions(ok->protocol, ok->schema);
    if (!compatible.ok()) return compatible.error();
    if (ok->device != journal_.credentials().device)
        return MakeError(ErrorCode::kUnauthorized, "The central knows this token as another device; enrol again.");
    central_acked_ = ok->acked_seq;
    central_config_version_ = ok->config_version;
    greeted_ = true;
    return {};
}

Result<std::int64_t> SyncEngine::PushAll() {
    std::int64_t pushed = 0;
    for (;;) {
        std::vector<core::Event> batch;
        {
            StoreLock lock(store_mutex_);
            // The central said what it holds: a response lost after its commit is healed here.
            // Those events go once more, as duplicates: the central says again which of them
            // it refused, which the lost answer would have told (then they are marked sent).
            std::int64_t after = central_acked_;
            if (central_acked_ > store_.SentUpTo()) after = store_.SentUpTo();
            auto outbox = store_.ReadOutbox(after, static_cast<int>(kMaxBatchEvents));
            if (!outbox.ok()) return outbox.error();
            batch = std::move(outbox.value());
        }
        if (batch.empty()) return pushed;
        Push push;
        push.events.reserve(batch.size());
        for (const auto& e : batch) push.events.push_back(ToWire(e));
        auto ok = ExpectAnswer<PushOk>(
            transport_.Send({"POST", std::string(kPathPush), journal_.credentials().token, Encode(push), kRequestTimeoutMs}));
        if (!ok.ok()) return ok.error();
        pushed += ok->stored;
        if (!ok->rejected.empty()) {
            // Refused by the central's rules: acknowledged, never in the order. Marked here so
            // the fold leaves them out (re-folded in RunRound) and `sync status` shows them.
            StoreLock lock(store_mutex_);
            for (const auto& r : ok->rejected) {
                auto marked = store_.MarkRefused(r.seq, r.reason + ": " + r.message);
                if (!marked.ok()) return marked.error();
                std::string type;
                for (const auto& e : batch)
                    if (e.seq == r.seq) type = e.type;
                refused_by_central_.push_back({r.seq, type, std::string(store::kRefusedPrefix) + r.reason + ": " + r.message});
            }
        }
        bool progressed = ok->acked_seq > central_acked_;
        central_acked_ = ok->acked_seq;
        {
            StoreLock lock(store_mutex_);
            if (central_acked_ > store_.SentUpTo()) {
                auto marked = store_.MarkSent(central_acked_);
                if (!marked.ok()) return marked.error();
            }
        }
        if (!progressed && ok->stored == 0 && ok->duplicates == 0)
            return MakeError(ErrorCode::kRejected, "The central service refused this terminal's next event.");
    }
}

Result<RoundSummary> SyncEngine::PullOnce(int wait_ms, bool* more) {
    RoundSummary summary;
    Pull pull;
    pull.cursor = journal_.cursor();
    pull.wait_ms = wait_ms;
    {
        // The central holds more of this device's events than its store (restored from a
        // backup): ask for them in full, so the store numbers its next event after them.
        StoreLock lock(store_mutex_);
        pull.with_own = central_acked_ > store_.LastOwnSeq();
    }
    auto ok = ExpectAnswer<PullOk>(transport_.Send({"POST", std::string(kPathPull), journal_.credentials().token,
                                                    Encode(pull), wait_ms + kPollGraceMs}));
    if (!ok.ok()) return ok.error();
    *more = ok->more;
    central_config_version_ = ok->config_version;
    if (ok->cursor < journal_.cursor())
        return MakeError(ErrorCode::kNetwork, "The central service answered with an older cursor; trying again.");
    std::vector<core::Event> foreign;
    for (const auto& oe : ok->events) {
        if (oe.marker) continue;
        auto e = FromWire(oe.event);
        if (!e.ok()) return e.error();
        foreign.push_back(std::move(e.value()));
    }
    {
        StoreLock lock(store_mutex_);
        // Own events already folded here that the central has not placed yet were folded
        // before the foreign events now pulled. Where the central order puts a foreign event
        // ahead of one of them, this fold differs from the central's: re-fold below. Where it
        // puts them all first (the usual case: this round's push came before its pull), the
        // folds agree and the whole log need not be read again.
        auto unplaced = store_.ReadOutbox(journal_.highest_own_placed(), static_cast<int>(kMaxBatchEvents) + 1);
        if (!unplaced.ok()) return unplaced.error();
        const bool reorder = !foreign.empty() && !unplaced->empty() &&
                             (unplaced->size() > kMaxBatchEvents ||
                              !OwnEventsComeFirst(*unplaced, ok->events, journal_.credentials().device));
        if (!foreign.empty()) {
            auto applied = store_.ApplyRemoteEvents(foreign);
            if (!applied.ok()) return applied.error();
            summary.pulled = applied.value();
        }
        auto advanced = journal_.Advance(ok->events, ok->cursor, clock_.NowUtcMicros());
        if (!advanced.ok()) return advanced.error();
        if (reorder) {
            auto rebuilt = store_.RebuildProjection(journal_.order());
            if (!rebuilt.ok()) return rebuilt.error();
            summary.rebuilt = true;
        }
        if (reorder || !foreign.empty()) {
            // Tell the desk about its own events the central order turned down.
            auto events = store_.OwnEventsNotApplied();
            if (!events.ok()) return events.error();
            for (const auto& e : events.value()) {
                if (std::find(known_rejected_.begin(), known_rejected_.end(), e.event.seq) != known_rejected_.end())
                    continue;
                known_rejected_.push_back(e.event.seq);
                summary.newly_rejected.push_back({e.event.seq, e.event.type, e.skipped_because});
            }
        }
    }
    return summary;
}

Result<RoundSummary> SyncEngine::RunRound(int wait_ms) {
    if (!greeted_) {
        auto hello = Hello();
        if (!hello.ok()) return hello.error();
    }
    RoundSummary total;
    // Configuration first: the round's long-poll must not keep a new catalogue waiting.
    if (auto config = UpdateConfig(total); !config.ok()) {
        greeted_ = false;
        return config.error();
    }
    auto pushed = PushAll();
    if (!pushed.ok()) {
        greeted_ = false;
        return pushed.error();
    }
    total.pushed = pushed.value();
    if (!refused_by_central_.empty()) {
        StoreLock lock(store_mutex_);
        auto rebuilt = store_.RebuildProjection(journal_.order());
        if (!rebuilt.ok()) {
            greeted_ = false;
            return rebuilt.error();
        }
        total.rebuilt = true;
        for (auto& r : refused_by_central_) {
            known_rejected_.push_back(r.seq);
            total.newly_rejected.push_back(std::move(r));
        }
        refused_by_central_.clear();
    }
    bool more = true;
    bool first = true;
    while (more) {
        auto pulled = PullOnce(first ? wait_ms : 0, &more);
        if (!pulled.ok()) {
            greeted_ = false;
            return pulled.error();
        }
        first = false;
        total.pulled += pulled->pulled;
        total.rebuilt = total.rebuilt || pulled->rebuilt;
        for (auto& r : pulled->newly_rejected) total.newly_rejected.push_back(std::move(r));
    }
    // A publication during the long-poll woke it; its answer named the new version.
    if (auto config = UpdateConfig(total); !config.ok()) {
        greeted_ = false;
        return config.error();
    }
    // Appointment slots (escrow.h): renew the escrow while the central is reachable. Not a
    // failure of the round: a central without slots (404) or events still on their way
    // (409, renewed next round) leave the escrow as it is.
    if (RoleMaySend(journal_.credentials().role, "appointment.booked")) {
        (void)RenewEscrow(store_, journal_, transport_, store_mutex_);
        // Bookings the central refused are told like calls the central order turned down.
        StoreLock lock(store_mutex_);
        for (auto& refused : RefusedOwnBookings(store_, journal_.credentials().device, clock_.NowUtcMicros())) {
            if (std::find(known_rejected_.begin(), known_rejected_.end(), refused.seq) != known_rejected_.end()) continue;
            known_rejected_.push_back(refused.seq);
            total.newly_rejected.push_back(std::move(refused));
        }
    }
    return total;
}

// ---------------------------------------------------------------------------------------
// SyncClient: the worker thread
// ---------------------------------------------------------------------------------------
Result<std::unique_ptr<SyncClient>> SyncClient::Start(store::Store& store, std::mutex& store_mutex, const Clock& clock,
                                                      ClientOptions options, std::unique_ptr<Transport> transport) {
    auto journal = Journal::Load(store.path());
    if (!journal.ok()) return journal.error();
    if (!journal->enrolled())
        return MakeError(ErrorCode::kUnauthorized, "This terminal is not enrolled; run anlaufstelle-ctl enroll first.");
    std::unique_ptr<SyncClient> client(new SyncClient());
    client->store_ = &store;
    client->store_mutex_ = &store_mutex;
    client->journal_ = std::make_unique<Journal>(std::move(journal.value()));
    client->transport_ = transport ? std::move(transport) : MakeCurlTransport(client->journal_->credentials().central_url,
                                                                                 client->journal_->credentials().ca_file);
    client->clock_ = &clock;
    client->options_ = options;
    client->engine_ = std::make_unique<SyncEngine>(store, *client->journal_, *client->transport_, clock, &store_mutex);
    client->status_.enrolled = true;
    client->status_.last_success_us = client->journal_->last_success_us();
    {
        std::lock_guard lock(store_mutex);
        auto pending = store.PendingCount();
        client->status_.waiting_to_send = pending.ok() ? pending.value() : 0;
        auto config = store.AppliedSiteConfig();
        client->status_.config_version = config.ok() ? config->version : 0;
    }
    client->worker_ = std::thread([c = client.get()] { c->Run(); });
    return client;
}

SyncClient::~SyncClient() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    if (transport_) transport_->Interrupt();
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

SyncStatus SyncClient::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void SyncClient::Nudge(std::int64_t new_events) {
    {
        std::lock_guard lock(mutex_);
        nudged_ = true;
        status_.waiting_to_send += new_events;
    }
    transport_->Interrupt();
    wake_.notify_all();
}

void SyncClient::Publish(const SyncStatus& status) {
    std::lock_guard lock(mutex_);
    status_ = status;
}

void SyncClient::SleepInterruptibly(int ms) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_ || nudged_; });
}

void SyncClient::Run() {
    std::mt19937_64 rng(options_.seed ? options_.seed : std::random_device{}());
    int backoff_ms = options_.min_backoff_ms;
    SyncStatus local = status();
    for (;;) {
        bool nudged = false;
        {
            std::lock_guard lock(mutex_);
            if (stop_) return;
            nudged = nudged_;
            nudged_ = false;
            transport_->ClearInterrupt();
        }
        // After a nudge, push now and do not sit in a long-poll: more local events may follow.
        // Not yet online (just started, or after an error): a quick round first, so the
        // screens say "online" at once instead of after a whole long-poll.
        auto round = engine_->RunRound(nudged || !local.online ? 0 : options_.long_poll_ms);
        ++local.rounds;
        {
            std::lock_guard lock(*store_mutex_);
            auto pending = store_->PendingCount();
            if (pending.ok()) local.waiting_to_send = pending.value();
        }
        if (round.ok()) {
            local.online = true;
            local.last_error.clear();
            local.last_success_us = clock_->NowUtcMicros();
            for (auto& r : round->newly_rejected) local.rejected.push_back(std::move(r));
            if (round->config_applied) local.config_version = round->config_applied;
            if (round->config_applied || !round->config_error.empty()) local.config_error = round->config_error;
            Publish(local);
            backoff_ms = options_.min_backoff_ms;
            continue;
        }
        bool interrupted = round.error().message == "interrupted";
        if (interrupted) continue;  // a nudge or a stop ended a long-poll
        local.online = false;
        local.last_error = round.error().message;
        Publish(local);
        engine_->Reset();
        // Exponential back-off with full jitter: after an outage, hundreds of terminals must
        // not all knock at the same moment.
        std::uniform_int_distribution<int> jitter(backoff_ms / 2, backoff_ms);
        SleepInterruptibly(jitter(rng));
        // A refusal by rule (revoked, wrong version) will not heal soon: wait the longest.
        bool permanent = round.error().code == ErrorCode::kUnauthorized || round.error().code == ErrorCode::kRejected;
        backoff_ms = permanent ? options_.max_backoff_ms : std::min(backoff_ms * 2, options_.max_backoff_ms);
    }
}

// ---------------------------------------------------------------------------------------
// Enrolment and administration
// ---------------------------------------------------------------------------------------
Result<Credentials> EnrollTerminal(const std::filesystem::path& store_path, const std::string& central_url,
                                   const std::string& code, Transport& transport, const std::string& ca_file) {
    auto journal = Journal::Load(store_path);
    if (!journal.ok()) return journal.error();
    // The store decides the device id (its events already carry it).
    store::OpenOptions open_existing;
    open_existing.create = false;
    SystemClock clock;
    auto store = store::Store::Open(store_path, clock, open_existing);
    if (!store.ok()) return store.error();
    if (!store.value()->initialised())
        return MakeError(ErrorCode::kInvalidInput, "Initialise this terminal (anlaufstelle-ctl init) before enrolling it.");
    Enroll enroll;
    enroll.code = code;
    enroll.device = store.value()->self().id;
    enroll.site = store.value()->site().site_id;
    enroll.slot = store.value()->self().slot;
    auto ok = ExpectAnswer<Enrolled>(transport.Send({"POST", std::string(kPathEnroll), "", Encode(enroll), kRequestTimeoutMs}));
    if (!ok.ok()) return ok.error();
    Credentials c{central_url, ok->device, ok->site, ok->role, ok->token, ca_file};
    auto forgot = journal->Forget();
    if (!forgot.ok()) return forgot.error();
    auto saved = journal->SetCredentials(c);
    if (!saved.ok()) return saved.error();
    return c;
}

Result<std::string> AdminTokenFrom(const std::string& file) {
    if (!file.empty()) {
        std::ifstream in(file);
        std::string token;
        if (!in || !std::getline(in, token) || token.empty())
            return MakeError(ErrorCode::kNotFound, "Cannot read the admin token from " + file + ".");
        while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
        return token;
    }
    if (const char* env = std::getenv("ANL_ADMIN_TOKEN"); env && *env) return std::string(env);
    return MakeError(ErrorCode::kInvalidInput, "Give the admin token with --admin-token-file FILE or ANL_ADMIN_TOKEN.");
}

Result<DeviceAdded> AdminAddDevice(Transport& transport, const std::string& admin_token, const DeviceAdd& add) {
    return ExpectAnswer<DeviceAdded>(
        transport.Send({"POST", std::string(kPathAdminDevices), admin_token, Encode(add), kRequestTimeoutMs}));
}

Result<DeviceList> AdminListDevices(Transport& transport, const std::string& admin_token) {
    return ExpectAnswer<DeviceList>(transport.Send({"GET", std::string(kPathAdminDevices), admin_token, "", kRequestTimeoutMs}));
}

Result<DeviceInfo> AdminRevokeDevice(Transport& transport, const std::string& admin_token, const std::string& device) {
    return ExpectAnswer<DeviceInfo>(transport.Send(
        {"POST", std::string(kPathAdminRevoke), admin_token, Encode(DeviceRevoke{device}), kRequestTimeoutMs}));
}

}  // namespace anl::sync
