#include "kiosk/app/terminal.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <fstream>
#include <iostream>
#include <optional>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "i18n/messages/messages.h"
#include "i18n/text/text.h"
#include "i18n/text/text_gl.h"
#include "imgui.h"
#include "kiosk/app/announcer.h"
#include "kiosk/app/chime.h"
#include "kiosk/app/config_reload.h"
#include "kiosk/app/demo_site.h"
#include "kiosk/app/platform.h"
#include "kiosk/app/read_aloud.h"
#include "kiosk/app/slip_printer.h"
#include "kiosk/app/desk_requests.h"
#include "kiosk/app/store_service.h"
#include "kiosk/app/worker.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ui/text_painter.h"
#include "kiosk/ui/viewmodels/admin_session.h"
#include "sync/client/client.h"
#include "sync/config/config.h"
#include "kiosk/ui/viewmodels/board_model.h"
#include "kiosk/ui/viewmodels/desk_session.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"
#include "kiosk/ui/viewmodels/out_of_service.h"
#include "kiosk/ui/viewmodels/visitor_text.h"
#include "kiosk/ui/viewmodels/sync_badge.h"
#include "sync/client/client.h"

namespace anl::app {

namespace fs = std::filesystem;

namespace {

// Monday 2026-01-05, 08:30 in Berlin: the gallery's morning.
constexpr Micros kGalleryMorning = 1'767'598'200'000'000;

// "rss 12.3 MB, peak 14.0 MB" from /proc/self/status (Linux), for the start-up trace.
std::string ResidentMemory() {
    std::ifstream status("/proc/self/status");
    std::string line, rss = "?", hwm = "?";
    while (std::getline(status, line)) {
        auto mb = [&line] {
            char out[32];
            std::snprintf(out, sizeof out, "%.1f MB", std::atof(line.c_str() + line.find(':') + 1) / 1024);
            return std::string(out);
        };
        if (line.rfind("VmRSS:", 0) == 0) rss = mb();
        if (line.rfind("VmHWM:", 0) == 0) hwm = mb();
    }
    return "rss " + rss + ", peak " + hwm;
}

std::optional<ui::KioskScreen> KioskScreenByName(std::string_view name) {
    using S = ui::KioskScreen;
    for (S s : {S::kLanguage, S::kHome, S::kOfficeServices, S::kFinder, S::kService, S::kQuestions, S::kTicket}) {
        if (name == ui::ToString(s)) return s;
    }
    return std::nullopt;
}

// "high-contrast,large-text,low-reach" (any of them, any order) as modes; an unknown word is an error.
Result<ui::AccessModes> ParseModes(std::string_view spec) {
    ui::AccessModes modes;
    while (!spec.empty()) {
        const size_t comma = spec.find(',');
        const std::string_view word = spec.substr(0, comma);
        if (word == "high-contrast") modes.high_contrast = true;
        else if (word == "large-text") modes.large_text = true;
        else if (word == "low-reach") modes.low_reach = true;
        else if (!word.empty())
            return MakeError(ErrorCode::kInvalidInput, "--mode takes high-contrast, large-text and low-reach, not \"" +
                                                           std::string(word) + "\".");
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    }
    return modes;
}

// The layout log; `keys`: the messages the screen formatted (the gallery's key->screen map).
void WriteLayoutLog(const fs::path& path, const ui::LayoutLog& log, int width, int height, bool rtl,
                    const std::vector<std::string>& keys) {
    nlohmann::json j;
    j["keys"] = keys;
    j["width"] = width;
    j["height"] = height;
    j["rtl"] = rtl;
    auto rect = [](const ui::Rect& r) { return nlohmann::json::array({r.min.x, r.min.y, r.max.x, r.max.y}); };
    for (const auto& t : log.texts) {
        j["texts"].push_back({{"text", t.text}, {"box", rect(t.box)}, {"size", {t.size.x, t.size.y}},
                              {"size_px", t.size_px}, {"fits", t.fits}});
    }
    for (const auto& b : log.boxes) j["boxes"].push_back({{"name", b.name}, {"rect", rect(b.rect)}});
    std::ofstream(path) << j.dump(1) << "\n";
}

}  // namespace

std::vector<std::string> ScreenNames(Role role) {
    if (role == Role::kKiosk) {
        return {"language", "home", "home-page-2", "services", "finder", "service", "service-page-2", "service-page-3", "service-page-4", "questions", "questions-page-2", "ticket", "ticket-unprinted", "ticket-page-2", "ticket-page-3", "ticket-page-4", "countdown",
                "checkin", "checkin-ok", "checkin-early", "checkin-late", "checkin-unknown", "checkin-cancelled",
                "book-day", "book-day-page-2", "book-day-page-3", "book-day-none", "book-time", "book-taken", "booked", "booked-unprinted", "booked-page-2", "booked-page-3", "booked-page-4", "nearby", "nearby-partners",
                "feedback-ticket", "feedback-ticket-open", "feedback-ticket-unknown", "feedback-ticket-given",
                "feedback-visit-complete", "feedback-office", "feedback", "feedback-reasons", "feedback-thanks",
                "out-of-service"};
    }
    if (role == Role::kDesk) {
        return {"signin", "signin-error", "locked", "counter", "queue", "queue-free", "queue-empty", "transfer", "finish",
                "referral", "handoff", "appointments", "move", "follow-up", "handoff-appointment", "case-management",
                "out-of-service"};
    }
    if (role == Role::kBoard) return {"board", "board-flash", "out-of-service"};
    if (role == Role::kAdmin)
        return {"signin", "signin-error", "languages", "editor", "editor-error", "catalogue", "catalogue-error",
                "catalogue-diff", "catalogue-hours", "catalogue-pictogram", "catalogue-counters", "catalogue-partners", "catalogue-kiosk",
                "catalogue-finder", "staff", "staff-add", "staff-member", "staff-last-admin", "audit", "dashboard",
                "dashboard-today", "dashboard-arrivals", "dashboard-heatmap", "dashboard-walkins",
                "dashboard-languages"};
    return {};
}

class Terminal {
public:
    explicit Terminal(const TerminalOptions& options) : o_(options) {}

    // ANL_STARTUP_TRACE=1 prints how long each start-up phase took, when it ended (since the
    // start of main) and the resident memory then: for the benchmark's notes. Phases on the
    // loading thread and on the main thread overlap.
    void Trace(const char* phase, std::chrono::steady_clock::time_point began) const {
        if (!trace_) return;
        const auto now = std::chrono::steady_clock::now();
        auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
        std::fprintf(stderr, "startup: %-30s %7.1f ms  (at %7.1f ms)  %s\n", phase, ms(now - began),
                     ms(now - trace_start_), ResidentMemory().c_str());
    }

    int Run() {
        trace_ = getenv("ANL_STARTUP_TRACE") != nullptr;
        if (ScreenNames(o_.role).empty()) {
            return Fail(MakeError(ErrorCode::kInvalidInput, "The role \"" + std::string(RoleName(o_.role)) +
                                                                 "\" has no screens; a terminal is a kiosk, desk, board or admin."));
        }
        const bool screenshot = !o_.screenshot.empty();
        auto modes = ParseModes(o_.mode);
        if (!modes) return Fail(modes.error());
        modes_ = *modes;
        // Start-up: our data (catalogue, messages, fonts, for a screenshot the store) loads on a
        // second thread while this one opens the window and the GL context, which is the
        // slowest part of a cold start (docs/PERFORMANCE.md). The loading thread shares nothing
        // with the window system and is joined before the first frame.
        auto loaded = std::async(std::launch::async, [this, screenshot]() -> Status {
            if (auto ok = LoadData(); !ok) return ok;
            if (screenshot) return PrepareScreenshotState();
            return {};
        });
        const Status window = OpenWindow(screenshot);
        const Status data = loaded.get();
        if (!data) return Fail(data.error());
        if (!window) return Fail(window.error());
        StartTextDrawing();
        if (screenshot) return Screenshot();
        return Interactive();
    }

private:
    int Fail(const Error& e) {
        std::cerr << "anlaufstelle: " << e.message << "\n";
        return 1;
    }

    // The catalogue and translations a terminal shows: those of the configuration the
    // central handed down when one is applied to the store, else the shipped ones. The
    // gallery (a screenshot without --db) always shows the shipped ones.
    sync::ConfigLoaderDirs LoaderDirs() const {
        if (!o_.screenshot.empty() && !o_.db_given) {
            return {catalogue::DefaultCatalogueDir(), messages::Messages::DefaultDir(), {}};
        }
        return sync::LoaderDirsFor(o_.db);
    }

    // On the loading thread (see Run): nothing here may touch GLFW, GL or ImGui.
    Status LoadData() {
        auto began = std::chrono::steady_clock::now();
        sync::ConfigLoaderDirs dirs = LoaderDirs();
        // The administrator edits the translations named on the command line, else those shown.
        if (o_.role == Role::kAdmin && !o_.translations.empty()) dirs.translations = o_.translations;
        if (o_.role == Role::kAdmin && !o_.catalogue.empty()) dirs.catalogue = o_.catalogue;
        auto cat = catalogue::LoadCatalogue(dirs.catalogue);
        if (!cat) return cat.error();
        catalogue_ = std::move(cat.value());
        catalogue_dir_ = dirs.catalogue;
        if (o_.role == Role::kAdmin) {
            // The site's hours beside the catalogue edited (its Opening hours tab). A file the
            // loader refuses shows none; the page's check names the problem at the first edit.
            auto hours = catalogue::LoadSiteHours(catalogue::SiteHoursFileFor(catalogue_dir_));
            if (hours.ok()) site_hours_ = std::move(hours).value();
            else std::cerr << "anlaufstelle: " << hours.error().message << "\n";
        }
        Trace("catalogue", began);
        if (o_.role == Role::kDesk && o_.counter != 0) {
            const auto counters = ui::DefaultCounters(catalogue_);
            if (std::none_of(counters.begin(), counters.end(), [&](const ui::DeskCounter& c) { return c.number == o_.counter; })) {
                std::string numbers;  // the catalogue's counters need not be 1 to N
                for (const auto& c : counters) numbers += (numbers.empty() ? "" : ", ") + std::to_string(c.number);
                return MakeError(ErrorCode::kInvalidInput, "There is no counter " + std::to_string(o_.counter) +
                                                               "; this site has counters " + numbers + ".");
            }
        }
        began = std::chrono::steady_clock::now();
        auto msgs = messages::Messages::Load(dirs.translations);
        if (!msgs) return msgs.error();
        messages_.emplace(std::move(msgs.value()));
        Trace("messages (languages found)", began);
        if (o_.lang.empty()) o_.lang = "de";
        if (messages_->FindLanguage(o_.lang) == nullptr) {
            return MakeError(ErrorCode::kInvalidInput, "The language \"" + o_.lang + "\" has no catalogue in " +
                                                           messages_->Dir().string() + ".");
        }
        // Staff read the desk in a language that has the desk's texts (German, English, Arabic);
        // a language that leaves them to the fallback (meta.toml fallback_keys "desk.*") shows
        // the desk in English rather than half in each.
        if (o_.role == Role::kDesk || o_.role == Role::kAdmin) {
            const auto& left_to_fallback = messages_->FindLanguage(o_.lang)->fallback_keys;
            const char* staff_keys = o_.role == Role::kDesk ? "desk.*" : "admin.*";
            if (std::find(left_to_fallback.begin(), left_to_fallback.end(), staff_keys) != left_to_fallback.end()) o_.lang = "en";
        }
        began = std::chrono::steady_clock::now();
        auto engine = text::Engine::Create();
        if (!engine) return engine.error();
        engine_ = std::move(engine.value());
        Trace("text engine (fonts)", began);
        if (o_.role == Role::kKiosk) {
            // Which languages the read-aloud button speaks: a recorded pack or an espeak-ng voice.
            began = std::chrono::steady_clock::now();
            packs_ = voice::PromptPacks::Load(o_.voice_packs.empty() ? DataPath("voice") : fs::path(o_.voice_packs));
            for (const auto& l : messages_->Languages())
                if (l.enabled && ReadAloudAvailable(packs_, l.code)) read_aloud_langs_.push_back(l.code);
            Trace("voices", began);
        }
        return {};
    }

    // On the main thread (see Run): the window, the GL context and ImGui.
    Status OpenWindow(bool offscreen) {
        const auto began = std::chrono::steady_clock::now();
        WindowOptions w;
        w.width = o_.width;
        w.height = o_.height;
        w.fullscreen = o_.fullscreen;
        w.offscreen = offscreen;
        w.title = "Anlaufstelle – " + std::string(RoleName(o_.role));
        if (auto ok = platform_.Open(w); !ok) return ok;
        ImGui::GetStyle().TouchExtraPadding = ImVec2(0, 0);
        Trace("window, GL context, ImGui", began);
        return {};
    }

    // Once both threads are done: the text engine meets the GL context.
    void StartTextDrawing() {
        renderer_ = std::make_unique<text::GlTextRenderer>(*engine_);
        painter_ = std::make_unique<ui::EngineTextPainter>(*engine_, *renderer_);
        context_.painter = painter_.get();
        context_.log = &log_;
        ui::SetUiContext(&context_);
    }

    void MakeRole() {
        if (o_.role == Role::kKiosk) {
            ui::KioskSettings settings;
            settings.default_lang = messages::DefaultLanguage(*messages_);
            settings.read_aloud_langs = read_aloud_langs_;
            // The site's [kiosk] settings: a published change of the timeout takes effect here,
            // when the reloaded configuration rebuilds the kiosk (ApplyReloadedConfig).
            kiosk_.emplace(catalogue_, *messages_, ui::WithSiteSettings(settings, catalogue_.kiosk));
            kiosk_->SetAlwaysOnModes(modes_);  // --mode: lists page in large text as a visitor's mode does
        } else if (o_.role == Role::kDesk) {
            ui::DeskSettings settings;
            settings.lang = o_.lang;
            for (int i = 0; i < 8; ++i) settings.function_keys[i] = GLFW_KEY_F1 + i;
            settings.fixed_counter = o_.counter;
            desk_.emplace(catalogue_, *messages_, settings);
        } else if (o_.role == Role::kAdmin) {
            // Where each message is seen: the map shipped beside the translations edited, else
            // the one shipped with the program.
            auto map = messages::ReadKeyScreens(messages_->Dir() / messages::kKeyScreensFile);
            if (map.ok() && map->empty()) map = messages::ReadKeyScreens(messages::Messages::DefaultDir() / messages::kKeyScreensFile);
            if (!map.ok()) std::cerr << "anlaufstelle: " << map.error().message << "\n";
            admin_.emplace(*messages_, map.ok() ? std::move(map).value() : std::vector<messages::KeyScreens>{}, o_.lang);
            admin_->SetSiteHours(site_hours_);
            admin_->SetCatalogue(catalogue_);
        } else {
            board_.emplace(catalogue_, *messages_, o_.lang);
        }
    }

    void SetSnapshot(SnapshotPtr s) {
        snapshot_ = s;
        // The dashboard's live view follows the store: its figures again after each change.
        if (admin_ && store_) {
            if (auto request = admin_->RefreshKeyFigures()) AdminRequest(std::move(*request));
        }
        if (admin_) admin_->SetCountersInUse(s->counters_in_use);
        // Times on screen are the site's, whatever zone the machine is set to.
        if (!s->time_zone.empty() && s->time_zone != shown_time_zone_) {
            if (auto ok = messages_->SetTimeZone(s->time_zone); !ok) {
                std::cerr << "anlaufstelle: " << ok.error().message << "\n";
            }
            shown_time_zone_ = s->time_zone;
            UpdateSyncBadge();
        }
        if (kiosk_) {
            ui::KioskFacts facts;
            facts.wait_minutes_by_office = s->new_ticket_wait;
            kiosk_->SetFacts(std::move(facts));
        }
        if (desk_) desk_->SetSnapshot(s);
        // Each new call and recall is announced, in order; the announcer queues them.
        if (board_ && board_->SetSnapshot(s)) board_->Flash(clock_.NowUtcMicros());
        if (board_ && !board_->FreshCalls().empty() && announcer_) {
            for (const core::Call& call : board_->FreshCalls()) {
                announcer_->Announce({call.display, call.counter, board_->VisitorLang(call)}, catalogue_.announcements,
                                     *messages_);
            }
        }
    }

    void DrawFrame(ui::UiActions& actions) {
        log_.Clear();
        // The visitor's modes (kiosk) and those of the command line (a screenshot, the call display).
        ui::AccessModes modes = modes_;
        if (kiosk_) {
            modes.high_contrast |= kiosk_->modes().high_contrast;
            modes.large_text |= kiosk_->modes().large_text;
            modes.low_reach |= kiosk_->modes().low_reach;
            modes.explore_by_touch |= kiosk_->modes().explore_by_touch;
        }
        context_.modes = modes;
        engine_->BeginFrame();
        platform_.BeginFrame();
        if (out_of_service_) {
            // Made each frame: a visitor's sentence changes language with the clock.
            ui::DrawOutOfServiceScreen(ui::MakeOutOfServiceView(*messages_, o_.role, o_.lang, *out_of_service_, frame_now_));
        } else {
            if (kiosk_) kiosk_->DrawCurrent(actions);
            if (desk_) desk_->DrawCurrent(actions);
            if (admin_) admin_->DrawCurrent(actions);
            if (board_) ui::DrawBoardScreen(board_->Board(frame_now_), actions);
        }
        ui::DrawSyncBadge(sync_badge_);
        renderer_->Upload();
        platform_.EndFrame();
    }

    // ---- --screenshot: one screen, a given state, a PNG ----------------------------------
    // On the loading thread: the state to show, from the store named by --db, or a demo
    // morning in a fresh temporary store.
    Status PrepareScreenshotState() {
        const auto began = std::chrono::steady_clock::now();
        // A real store is shown as it is now (its tickets arrived before now); the demo
        // morning is made up at the gallery's fixed moment, so gallery pictures never change.
        FakeClock clock(o_.db_given ? SystemClock().NowUtcMicros() : kGalleryMorning);
        fs::path temp;
        std::unique_ptr<store::Store> store;
        if (o_.db_given) {
            auto opened = store::Store::Open(o_.db, clock, NoCreate());
            if (!opened) return opened.error();
            store = std::move(opened.value());
        } else {
            // The demo store is thrown away after the frame: keep it in memory-backed /dev/shm
            // when the machine has it (a durable commit per ticket is slow on a real disk).
            std::error_code ec;
            const fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
            temp = base / ("anlaufstelle-shot-" + std::to_string(::getpid()));
            fs::create_directories(temp);
            auto opened = store::Store::Open(temp / "demo.db", clock);
            if (!opened) return opened.error();
            store = std::move(opened.value());
            // The dashboard's week first (the administrator's screens only: it takes a while).
            if (o_.role == Role::kAdmin) {
                if (auto ok = SeedDemoWeek(*store, clock, catalogue_); !ok) return ok;
            }
            if (auto ok = SeedDemoSite(*store, clock, catalogue_, 24); !ok) return ok;
        }
        if (o_.role == Role::kAdmin) {
            shot_week_ = KeyFiguresOf(*store, figures::Period::kLast7Days, "", clock.NowUtcMicros());
            shot_today_ = KeyFiguresOf(*store, figures::Period::kToday, "", clock.NowUtcMicros());
        }
        auto snapshot = std::make_shared<Snapshot>(*TakeSnapshot(*store, clock.NowUtcMicros()));
        // The demo morning's staff member is not in the demo store (a PIN hash costs 64 MB and
        // 80 ms; screenshots need no sign-in), but the history names who served.
        if (!o_.db_given) snapshot->staff_names.emplace(DemoStaff{}.number, DemoStaff{}.name);
        shot_snapshot_ = std::move(snapshot);
        shot_now_ = clock.NowUtcMicros();
        store.reset();
        if (!temp.empty()) fs::remove_all(temp);
        Trace("store and snapshot", began);
        return {};
    }

    int Screenshot() {
        const SnapshotPtr snapshot = shot_snapshot_;
        const Micros now = shot_now_;
        if (o_.screen == "all") {
            // Every screen of the role: --screenshot names a directory, one PNG (and layout
            // log) per screen.
            fs::create_directories(o_.screenshot);
            for (const auto& name : ScreenNames(o_.role)) {
                const fs::path png = fs::path(o_.screenshot) / (name + ".png");
                const fs::path json = fs::path(o_.screenshot) / (name + ".layout.json");
                if (int rc = RenderScreen(snapshot, name, now, png, o_.layout_log.empty() ? fs::path() : json); rc != 0) return rc;
            }
            return 0;
        }
        const std::string screen = o_.screen.empty() ? ScreenNames(o_.role).front() : o_.screen;
        return RenderScreen(snapshot, screen, now, o_.screenshot, o_.layout_log);
    }

    // The booking screens for the gallery: the first service that takes appointments, its next
    // working days from the catalogue with one day full and one with few times left, the
    // second day chosen; "book-taken" as after a time was taken meanwhile.
    Status ShowBookingForGallery(const std::string& screen, const SnapshotPtr& snapshot, Micros now) {
        const catalogue::Service* service = nullptr;
        for (const auto& s : catalogue_.services)
            if (s.needs_appointment && !s.document_ids.empty()) { service = &s; break; }
        if (service == nullptr) return MakeError(ErrorCode::kNotFound, "The catalogue has no service that takes appointments.");
        const std::string zone = snapshot && !snapshot->time_zone.empty() ? snapshot->time_zone : "Europe/Berlin";
        auto days = core::SlotDays(catalogue_, "site-1", service->id, now, zone, ui::kBookingDays,
                                   [](const core::Slot&) { return true; });
        if (!days.ok()) return days.error();
        if (screen == "book-day-none") {
            for (auto& d : *days) d.offered.clear(), d.availability = core::DayAvailability::kFull;
        } else {
            if (days->size() > 2) (*days)[2].offered.clear(), (*days)[2].availability = core::DayAvailability::kFull;
            if (days->size() > 4 && (*days)[4].offered.size() > 2)
                (*days)[4].offered.resize(2), (*days)[4].availability = core::DayAvailability::kFew;
        }
        const int day = days->size() > 1 ? 1 : 0;
        std::optional<ui::BookedAppointment> booked;
        if (screen.starts_with("booked") && !days->empty() && !(*days)[size_t(day)].offered.empty()) {
            const core::Slot& slot = (*days)[size_t(day)].offered.front();
            const catalogue::Office* office = catalogue_.FindOffice(service->office_id);
            const std::string local = core::LocalDateTime(slot.start_us, zone);  // "2026-01-07 09:00"
            std::string reference(1, office ? office->ticket_prefix : 'A');
            reference += "-" + local.substr(5, 2) + local.substr(8, 2) + "-" + local.substr(11, 2) + local.substr(14, 2) +
                         "-" + core::ReferenceServiceLetters(catalogue_, service->id) + "1";
            booked = ui::BookedAppointment{reference, service->id, slot.start_us, screen == "booked-unprinted"};
        }
        const ui::KioskScreen shown = screen.starts_with("booked") ? ui::KioskScreen::kBooked
                                      : screen == "book-time" || screen == "book-taken" ? ui::KioskScreen::kBookTime
                                      : screen == "book-day" || screen == "book-day-none" || screen.starts_with("book-day-page-") ? ui::KioskScreen::kBookDay
                                                                                           : ui::KioskScreen::kLanguage;
        if (shown == ui::KioskScreen::kLanguage) return UnknownScreen(screen);
        kiosk_->ShowBookingForGallery(shown, service->id, std::move(days).value(), day, screen == "book-taken",
                                      std::move(booked), o_.lang, now);
        // Large text's later pages of the confirmation, turned as a visitor turns them.
        // And of the day picker.
        if (screen.starts_with("booked-page-") || screen.starts_with("book-day-page-"))
            kiosk_->Apply(ui::UiAction{ui::Action::kPage, {}, screen.back() - '1', {}}, now);
        return {};
    }

    int RenderScreen(const SnapshotPtr& snapshot, const std::string& screen, Micros now, const fs::path& png,
                     const fs::path& layout) {
        kiosk_.reset();
        desk_.reset();
        board_.reset();
        admin_.reset();
        out_of_service_.reset();
        (void)messages_->TakeUsedKeys();
        messages_->RecordUsedKeys(true);  // the messages this screen shows, for the layout log
        MakeRole();
        SetSnapshot(snapshot);
        if (screen == "out-of-service") {
            // As a terminal whose store is damaged shows it (the store's own sentence).
            ShowOutOfService(std::string(RoleName(o_.role)) + ".db is not an Anlaufstelle database (not an SQLite file); move it away or "
                                       "choose another --db path.");
        } else if (kiosk_) {
            if (screen == "countdown") {
                kiosk_->ShowForGallery(ui::KioskScreen::kService, o_.lang, now);
                kiosk_->ShowCountdownForGallery(now);
            } else if (screen.starts_with("checkin")) {
                // A booking at the first office, in an hour; "A-0107-0900-1" half typed on the pad.
                const std::string office = catalogue_.offices.empty() ? "" : catalogue_.offices.front().id;
                const std::string prefix(1, catalogue_.offices.empty() ? 'A' : catalogue_.offices.front().ticket_prefix);
                ui::CheckInAnswer a{"", prefix + "-0107-0900-1", o_.lang, office, "", now + 60 * kMicrosPerMinute,
                                    now + 30 * kMicrosPerMinute};
                std::optional<ui::CheckInAnswer> answer;
                if (screen == "checkin-ok") a.reason = "on_time", a.number = prefix + "-101";
                if (screen == "checkin-early") a.reason = "early";
                if (screen == "checkin-late") a.reason = "late";
                if (screen == "checkin-unknown") a.reason = "unknown", a.reference.clear();
                if (screen == "checkin-cancelled") a.reason = "cancelled";
                if (!a.reason.empty()) answer = a;
                else if (screen != "checkin") return Fail(UnknownScreen(screen));
                kiosk_->ShowCheckInForGallery(prefix + "010709", answer, o_.lang, now);
            } else if (screen.starts_with("book")) {
                if (auto ok = ShowBookingForGallery(screen, snapshot, now); !ok) return Fail(ok.error());
            } else if (screen == "nearby" || screen == "nearby-partners") {
                // The topics; then the topic most partners help with (the fullest screen).
                std::string topic;
                size_t most = 0;
                if (screen == "nearby-partners") {
                    for (const auto& p : catalogue_.partners)
                        for (const auto& t : p.topics)
                            if (const size_t n = catalogue_.PartnersFor(t).size(); n > most) most = n, topic = t;
                }
                kiosk_->ShowNearbyForGallery(topic, o_.lang, now);
            } else if (screen.starts_with("feedback-ticket") || screen == "feedback-visit-complete") {
                // The number on the pad ("A04"), and what the store says of a visit: under way at
                // the first office, unknown, answered here already, finished at the second office.
                const std::string first = catalogue_.offices.empty() ? "" : catalogue_.offices.front().id;
                const std::string last = catalogue_.offices.empty() ? "" : catalogue_.offices.back().id;
                const char prefix = catalogue_.offices.empty() ? 'A' : catalogue_.offices.front().ticket_prefix;
                const std::string display = std::string(1, prefix) + "-042";
                std::optional<core::VisitEnd> answer;
                if (screen == "feedback-ticket-open") answer = core::VisitEnd{core::VisitEndKind::kUnderWay, "", display, first};
                else if (screen == "feedback-ticket-unknown") answer = core::VisitEnd{core::VisitEndKind::kUnknown, "", display, ""};
                else if (screen == "feedback-ticket-given" || screen == "feedback-visit-complete")
                    answer = core::VisitEnd{core::VisitEndKind::kFinished, "gallery/1", display, last};
                else if (screen != "feedback-ticket") return Fail(UnknownScreen(screen));
                kiosk_->ShowFeedbackTicketForGallery(answer, screen == "feedback-ticket-given", o_.lang, now);
            } else if (screen.starts_with("feedback")) {
                const ui::KioskScreen shown = screen == "feedback-office"    ? ui::KioskScreen::kFeedbackOffice
                                              : screen == "feedback"         ? ui::KioskScreen::kFeedbackScore
                                              : screen == "feedback-reasons" ? ui::KioskScreen::kFeedbackReasons
                                              : screen == "feedback-thanks"  ? ui::KioskScreen::kFeedbackThanks
                                                                             : ui::KioskScreen::kLanguage;
                if (shown == ui::KioskScreen::kLanguage) return Fail(UnknownScreen(screen));
                kiosk_->ShowFeedbackForGallery(shown, o_.lang, now);
            } else if (screen == "ticket-unprinted") {  // issued, but the printer failed
                kiosk_->ShowForGallery(ui::KioskScreen::kTicket, o_.lang, now);
                kiosk_->OnPrintFailed(kiosk_->Ticket().number);
            } else if (screen == "home-page-2") {
                // Large text's other ways in (the standard look has them on "home" itself).
                kiosk_->ShowForGallery(ui::KioskScreen::kHome, o_.lang, now);
                kiosk_->Apply(ui::UiAction{ui::Action::kPage, {}, 1, {}}, now);
            } else if (screen == "questions-page-2") {
                // Large text's second question, as a visitor turns to it (the standard look shows
                // both questions on one page: this is "questions" again).
                kiosk_->ShowForGallery(ui::KioskScreen::kQuestions, o_.lang, now);
                kiosk_->Apply(ui::UiAction{ui::Action::kPage, {}, 1, {}}, now);
            } else if (screen.starts_with("service-page-")) {
                // Large text's later pages of the service (the standard look has one page: these
                // show what "service" shows).
                kiosk_->ShowForGallery(ui::KioskScreen::kService, o_.lang, now);
                kiosk_->Apply(ui::UiAction{ui::Action::kPage, {}, screen.back() - '1', {}}, now);
            } else if (screen.starts_with("ticket-page-")) {
                // Large text's later pages of the ticket, turned as a visitor turns them (the
                // standard look has one page: these show what "ticket" shows).
                kiosk_->ShowForGallery(ui::KioskScreen::kTicket, o_.lang, now);
                kiosk_->Apply(ui::UiAction{ui::Action::kPage, {}, screen.back() - '1', {}}, now);
            } else if (auto s = KioskScreenByName(screen)) {
                kiosk_->ShowForGallery(*s, o_.lang, now);
            } else {
                return Fail(UnknownScreen(screen));
            }
        } else if (desk_) {
            ui::DeskCounter counter{catalogue_.offices.empty() ? "" : catalogue_.offices[0].id, 1};
            desk_->SetNow(now);
            if (screen == "signin") {
            } else if (screen == "signin-error") {
                desk_->ShowSignInErrorForGallery(
                    messages_->Format(o_.lang, "desk.signin.wrong_pin", messages::Args().Int("attempts", 3)), false);
            } else if (screen == "locked") {
                desk_->ShowSignInErrorForGallery(
                    messages_->Format(o_.lang, "desk.signin.locked",
                                      messages::Args().Date("time", now + 15 * kMicrosPerMinute)), true);
            } else if (screen == "counter") {
                desk_->ShowCounterChoiceForGallery("1042", "A. Demir");
            } else if (screen == "queue-free" || screen == "queue-empty") {
                // Nobody at the counter (the demo's counter 2); with nobody waiting either.
                desk_->SignedInForGallery("1042", "A. Demir", ui::DeskCounter{counter.office_id, 2});
                if (screen == "queue-empty") {
                    auto empty = std::make_shared<ui::QueueSnapshot>(*snapshot);
                    empty->queue.clear();
                    empty->state = core::State{};
                    desk_->SetSnapshot(empty);
                }
            } else if (screen == "appointments" || screen == "case-management" || screen == "follow-up" ||
                       screen == "handoff-appointment" || screen == "move") {
                // A day with bookings and an escrow to give from (the demo morning has neither).
                auto booked = std::make_shared<ui::QueueSnapshot>(*snapshot);
                AddDemoAppointments(*booked, catalogue_, now);
                desk_->SetSnapshot(booked);
                ui::DeskCounter at = counter;
                if (screen == "case-management") {
                    const catalogue::Service* cm = catalogue_.FindService(catalogue_.case_management.service_id);
                    for (const auto& c : ui::DefaultCounters(catalogue_))
                        if (cm && c.office_id == cm->office_id) { at = c; break; }
                }
                desk_->SignedInForGallery("1042", "A. Demir", at);
                if (screen == "appointments" || screen == "case-management") desk_->OpenAppointmentsForGallery();
                if (screen == "follow-up" || screen == "handoff-appointment")
                    desk_->OpenSlotsForGallery(screen == "handoff-appointment");
                if (screen == "move") desk_->OpenMoveForGallery();
            } else if (screen == "queue" || screen == "transfer" || screen == "finish" || screen == "referral" ||
                       screen == "handoff") {
                desk_->SignedInForGallery("1042", "A. Demir", counter);
                if (screen == "transfer") {
                    std::string target;
                    for (const auto& s : catalogue_.services) {
                        if (catalogue_.offices.size() > 1 && s.office_id == catalogue_.offices[1].id) { target = s.id; break; }
                    }
                    desk_->OpenTransferForGallery(target, "Termin beim Jobcenter am Donnerstag");
                }
                if (screen == "finish") desk_->OpenFinishForGallery();
                if (screen == "referral")
                    desk_->OpenReferralForGallery(catalogue_.partners.empty() ? "" : catalogue_.partners.front().id);
                if (screen == "handoff") {
                    const auto& reasons = catalogue_.case_management.reasons;
                    desk_->OpenHandoffForGallery(reasons.empty() ? "" : reasons.front(), true, "Amina K.");
                }
            } else {
                return Fail(UnknownScreen(screen));
            }
        } else if (admin_) {
            admin_->SetNow(now);
            if (screen == "signin") {
            } else if (screen == "signin-error") {
                admin_->ShowSignInErrorForGallery(
                    messages_->Format(o_.lang, "desk.signin.wrong_pin", messages::Args().Int("attempts", 3)));
            } else if (screen == "languages") {
                admin_->SignedInForGallery("1042", "A. Demir", ui::AdminPage::kLanguages);
            } else if (screen.starts_with("dashboard")) {
                // The seeded week (SeedDemoWeek) ending with the demo morning, or the --db store.
                admin_->SignedInForGallery("1042", "A. Demir", ui::AdminPage::kDashboard);
                const bool today = screen == "dashboard-today";
                const std::string chart = today ? "arrivals" : screen == "dashboard" ? "wait" : screen.substr(10);
                const auto& figures = today ? shot_today_ : shot_week_;
                if (!figures) return Fail(figures.error());
                admin_->DashboardForGallery(today ? figures::Period::kToday : figures::Period::kLast7Days, chart, *figures);
            } else if (screen == "editor" || screen == "editor-error") {
                admin_->SignedInForGallery("1042", "A. Demir", ui::AdminPage::kTranslations);
                // Pashto (right to left) on an office's service, a kiosk choice button; with a
                // placeholder German does not have for the check's error.
                const std::string lang = o_.edit_lang.empty() ? "ps" : o_.edit_lang;
                const std::string key = !o_.edit_key.empty() ? o_.edit_key
                                        : screen == "editor" ? "service.abh.permit-extension.name"
                                                             : "kiosk.service.wait_today";
                std::optional<std::string> typed;
                if (o_.edit_text_given) typed = o_.edit_text;
                else if (screen == "editor-error") typed = std::string(messages_->Text(lang, key)) + " {ticket}";
                admin_->EditForGallery(lang, key, typed);
            } else if (screen.starts_with("staff") || screen == "audit") {
                AdminGallery(screen, now);
            } else if (screen == "catalogue-counters" || screen == "catalogue-partners" || screen == "catalogue-kiosk" ||
                       screen == "catalogue-finder" || screen == "catalogue-hours" || screen == "catalogue-pictogram") {
                // The Catalogue page's other tabs: counter 2 offering one service less (ticked
                // off, checked, listed); the first partner's hours changed (checked, listed); the
                // kiosk's timeout typed as 10 s (refused by the loader); a finder answer selected;
                // the site's Thursday afternoon an hour longer (checked, listed); a service's
                // pictogram typed (its glyph beside the field, checked, listed).
                admin_->SignedInForGallery("1042", "A. Demir", ui::AdminPage::kCatalogue);
                admin_->OnVersions(std::vector<ui::AdminConfigVersion>{{1, now - 3600 * kMicrosPerSecond, 8, 48}});
                auto apply = [&] {
                    if (auto request = admin_->Apply(ui::UiAction{ui::Action::kAdminCatalogueApply, {}, 0, {}}, now))
                        admin_->OnCatalogueChecked(*request, catalogue::CheckEdits(catalogue_dir_, request->catalogue_edits));
                };
                if (screen == "catalogue-counters") {
                    const catalogue::Counter* counter = catalogue_.counters.size() > 1 ? &catalogue_.counters[1] : nullptr;
                    std::string offered;
                    if (counter != nullptr)
                        for (size_t i = 0; i + 1 < counter->service_ids.size(); ++i)
                            offered += (offered.empty() ? "" : ", ") + counter->service_ids[i];
                    if (counter != nullptr)
                        admin_->CatalogueEditForGallery("counter:" + std::to_string(counter->number), "services", offered);
                    apply();
                } else if (screen == "catalogue-partners") {
                    if (!catalogue_.partners.empty())
                        admin_->CatalogueEditForGallery("partner:" + catalogue_.partners.front().id, "partner_hours",
                                                        "Di 16–19 Uhr, Do 10–13 Uhr, Sa 10–12 Uhr");
                    apply();
                } else if (screen == "catalogue-kiosk") {
                    admin_->CatalogueEditForGallery("kiosk", "inactivity", "10");
                    apply();
                } else if (screen == "catalogue-hours") {
                    admin_->CatalogueEditForGallery("site", "site_hours", "mon-fri 08:00-12:00; thu 13:00-18:30");
                    apply();
                } else if (screen == "catalogue-pictogram") {
                    admin_->CatalogueEditForGallery("service:abh.eat-collect", "pictogram", "badge");
                    apply();
                } else {
                    admin_->CatalogueEditForGallery("answer:papers/card", "service", "abh.eat-collect");
                }
            } else if (screen == "catalogue" || screen == "catalogue-error" || screen == "catalogue-diff") {
                // A service's duration typed: 600 minutes is refused by the loader; 20 (and the last
                // holiday taken out) checked and listed as changes.
                admin_->SignedInForGallery("1042", "A. Demir", ui::AdminPage::kCatalogue);
                // The versions list as a central keeps it: three publications a week apart.
                std::vector<ui::AdminConfigVersion> versions;
                for (int v = 3; v >= 1; --v)
                    versions.push_back({v, now - Micros(3 - v) * 7 * 24 * 3600 * kMicrosPerSecond - 3600 * kMicrosPerSecond, 8, 48});
                admin_->OnVersions(versions);
                if (screen == "catalogue-diff") {
                    // The last holiday taken out.
                    std::string holidays;
                    for (size_t i = 0; i + 1 < catalogue_.holidays.size(); ++i)
                        holidays += (holidays.empty() ? "" : ", ") + catalogue_.holidays[i];
                    admin_->CatalogueEditForGallery("holidays", "holidays", holidays);
                    ui::AdminRequest first;
                    first.kind = ui::AdminRequest::Kind::kCheckCatalogue;
                    first.catalogue_edits = {{catalogue::FieldEdit::Field::kHolidays, "", holidays}};
                    admin_->OnCatalogueChecked(first, catalogue::CheckEdits(catalogue_dir_, first.catalogue_edits));
                }
                if (screen != "catalogue") {
                    const std::string typed = screen == "catalogue-error" ? "600" : "20";
                    admin_->CatalogueEditForGallery("service:abh.eat-collect", "minutes", typed);
                    if (auto request = admin_->Apply(ui::UiAction{ui::Action::kAdminCatalogueApply, {}, 0, {}}, now))
                        admin_->OnCatalogueChecked(*request, catalogue::CheckEdits(catalogue_dir_, request->catalogue_edits));
                }
            } else {
                return Fail(UnknownScreen(screen));
            }
        } else if (screen == "board-flash") {
            board_->Flash(now);  // the moment a call arrived
        } else if (screen != "board") {
            return Fail(UnknownScreen(screen));
        }
        if (!o_.sync_status.empty()) {
            // As an enrolled terminal would show it; offline since a quarter of an hour.
            const auto colon = o_.sync_status.find(':');
            sync_facts_ = ui::SyncFacts{true, o_.sync_status.substr(0, colon) == "online",
                                        colon == std::string::npos ? 0 : std::atoll(o_.sync_status.c_str() + colon + 1),
                                        now - 15 * kMicrosPerMinute};
            UpdateSyncBadge();
        }
        ui::UiActions actions;
        frame_now_ = now;
        if (screen == "out-of-service" && o_.role != Role::kDesk) {
            // The visitors' sentence in the language asked for: the first moment from `now`
            // at which the rotation shows it (the gallery's picture per language).
            frame_now_ = ui::MomentShowingLanguage(*messages_, o_.lang, now);
        }
        auto began = std::chrono::steady_clock::now();
        DrawFrame(actions);
        Trace("first frame", began);
        began = std::chrono::steady_clock::now();
        for (int i = 1; i < o_.frames; ++i) DrawFrame(actions);  // the atlas settles
        if (o_.frames > 1) Trace("more frames", began);
        began = std::chrono::steady_clock::now();
        if (auto ok = platform_.WriteScreenshot(png); !ok) return Fail(ok.error());
        Trace("read back, PNG written", began);
        messages_->RecordUsedKeys(false);
        if (!layout.empty()) {
            WriteLayoutLog(layout, log_, platform_.width(), platform_.height(), text::IsRightToLeft(o_.lang),
                           messages_->TakeUsedKeys());
        }
        return 0;
    }

    void ShowOutOfService(const std::string& detail) {
        out_of_service_ = detail;
    }

    Error UnknownScreen(const std::string& screen) {
        std::string known;
        for (const auto& n : ScreenNames(o_.role)) known += (known.empty() ? "" : ", ") + n;
        return MakeError(ErrorCode::kInvalidInput,
                         "The " + std::string(RoleName(o_.role)) + " has no screen \"" + screen + "\"; it has " + known + ".");
    }

    // ---- interactive ---------------------------------------------------------------------
    int Interactive() {
        MakeRole();
        if (board_) {
            auto sink = AudioSink(o_.audio, o_.chime_wav);
            if (!sink) return Fail(sink.error());
            auto packs = voice::PromptPacks::Load(o_.voice_packs.empty() ? DataPath("voice") : std::filesystem::path(o_.voice_packs));
            for (const std::string& problem : packs.Problems()) {
                std::cerr << "anlaufstelle: a recorded prompt pack is left out: " << problem << "\n";
            }
            announcer_ = std::make_unique<Announcer>(std::move(sink).value(), std::move(packs));
        }
        if (kiosk_) {
            kiosk_->Touched(clock_.NowUtcMicros());
            if (!read_aloud_langs_.empty()) {
                auto sink = AudioSink(o_.audio, "");
                if (!sink) return Fail(sink.error());
                read_aloud_ = std::make_unique<ReadAloud>(std::move(sink).value());
            }
        }
        inbox_ = std::make_unique<UiInbox>([this] { platform_.Wake(); });
        if (auto opened = OpenPrinter(); !opened) return Fail(opened.error());
        reloader_ = std::make_unique<ConfigReloader>(o_.db, *inbox_, [](Error e) {
            std::cerr << "anlaufstelle: the configuration handed down does not load, keeping the one shown: " << e.message
                      << "\n";
        });
        store_ = std::make_unique<StoreService>(o_.db, clock_, catalogue_, o_.role, *inbox_,
                                                [this](SnapshotPtr s) { SetSnapshot(std::move(s)); });
        store_->Open([this](Error e) {
            // Nothing can be issued or called: say so on screen, change nothing on disk.
            ShowOutOfService(e.message);
            std::cerr << "anlaufstelle: " << e.message << "\n";
        });
        // An enrolled terminal syncs itself; one on its own works as before.
        store_->StartSync(sync::ClientOptions{}, [](Error e) { std::cerr << "anlaufstelle: " << e.message << "\n"; });
        // Poll for other programs' changes: the call display and desks often, the kiosk less.
        const Micros poll_every = (o_.role == Role::kKiosk ? 3 : 1) * kMicrosPerSecond;
        Micros next_poll = clock_.NowUtcMicros() + poll_every;
        int extra_frames = 2;  // ImGui settles hover/active state over a frame or two
        Micros next_timed_frame = 0;  // the kiosk's countdown second, the desk's waited minutes
        bool first_frame = true;
        while (!platform_.ShouldClose()) {
            const Micros now = clock_.NowUtcMicros();
            double timeout = std::max(0.0, double(next_poll - now) / double(kMicrosPerSecond));
            if (next_timed_frame > 0) timeout = std::min(timeout, std::max(0.0, double(next_timed_frame - now) / 1e6));
            platform_.WaitEvents(extra_frames > 0 ? 0.0 : timeout);

            const bool changed = inbox_->Drain() > 0;
            const Micros t = clock_.NowUtcMicros();
            bool sync_changed = false;
            if (t >= next_poll) {
                store_->Poll();
                sync_changed = RefreshSync();
                next_poll = t + poll_every;
            }
            sync_changed = ApplyReloadedConfig() || sync_changed;
            const bool input = platform_.TakeInputSeen() || sync_changed;
            const bool timed = next_timed_frame > 0 && t >= next_timed_frame;
            // Nothing new: no frame (an idle kiosk, desk or display costs no CPU and no GPU).
            if (!input && !changed && !timed && extra_frames == 0) continue;
            if (extra_frames > 0) --extra_frames;
            if (kiosk_) kiosk_->Tick(t);
            SpeakOrStop();  // a session that timed out stops reading
            if (kiosk_) {
                // A barcode scanner types the booking reference and Enter, on any screen.
                Platform::Typed typed = platform_.TakeTyped();
                for (const std::string& line : typed.lines) kiosk_->Keyboard(line, true, t);
                if (!typed.tail.empty()) kiosk_->Keyboard(typed.tail, false, t);
                if (auto reference = kiosk_->TakeCheckInRequest()) CheckIn(*reference);
                if (auto number = kiosk_->TakeFeedbackTicketRequest()) FeedbackTicket(*number);
                if (auto booking = kiosk_->TakeBookingRequest()) Booking(*booking);
            }
            if (desk_) desk_->SetNow(t);
            if (admin_) admin_->SetNow(t);
            if (kiosk_ && sync_badge_.shown && sync_badge_.lang != kiosk_->lang()) UpdateSyncBadge();
            ui::UiActions actions;
            frame_now_ = t;
            const auto began = std::chrono::steady_clock::now();
            DrawFrame(actions);
            if (first_frame) Trace("first frame shown", began);
            first_frame = false;
            if (kiosk_ && actions.any_input) kiosk_->Touched(t);
            for (const ui::UiAction& a : actions.emitted) Dispatch(a, t);
            SpeakOrStop();
            SpeakExplored();
            if (kiosk_ && !kiosk_->modes().explore_by_touch) context_.explore_armed = 0;
            if (!actions.emitted.empty() || actions.any_input || changed || input) extra_frames = std::max(extra_frames, 2);
            const Micros after = clock_.NowUtcMicros();
            next_timed_frame = 0;
            if (kiosk_) next_timed_frame = after + Micros(kiosk_->SecondsUntilChange(after) * 1e6);
            if (desk_) next_timed_frame = after + 60 * kMicrosPerSecond;
            // The call display's second line and a visitor's out-of-service sentence change language.
            if (board_ || (out_of_service_ && o_.role != Role::kDesk)) next_timed_frame = after + ui::UntilNextRotation(after);
            if (board_ && board_->UntilFlashChange(after) > 0)
                next_timed_frame = std::min(next_timed_frame, after + board_->UntilFlashChange(after));
        }
        return 0;
    }

    // The kiosk's read-aloud: what the last touch asked for (read this screen, or stop).
    void SpeakOrStop() {
        if (!kiosk_) return;
        auto texts = kiosk_->TakeReadAloud();
        if (!texts || !read_aloud_) return;
        if (texts->empty()) read_aloud_->Stop();
        else read_aloud_->Read(kiosk_->lang(), std::move(*texts));
    }

    // Explore by touch: a first touch on a button asked for its words (ui::ExploreGate).
    void SpeakExplored() {
        if (!kiosk_ || context_.explore_say.empty()) return;
        const std::string lang = context_.explore_lang.empty() ? std::string(kiosk_->lang()) : context_.explore_lang;
        if (read_aloud_ && std::find(read_aloud_langs_.begin(), read_aloud_langs_.end(), lang) != read_aloud_langs_.end())
            read_aloud_->Read(lang, {context_.explore_say});
        context_.explore_say.clear();
    }

    // ---- sync status and configuration handed down -----------------------------------------
    // Reads the sync worker's snapshot (never waits); returns whether what the screens show
    // changed. A newer applied configuration starts loading its files off the UI thread.
    bool RefreshSync() {
        const std::optional<sync::SyncStatus> status = store_->SyncStatus();
        ui::SyncFacts facts;
        if (status) {
            facts = ui::SyncFacts{true, status->online, status->waiting_to_send, status->last_success_us};
            reloader_->Notice(*status);
        }
        const bool changed = facts.enrolled != sync_facts_.enrolled || facts.online != sync_facts_.online ||
                             facts.waiting_to_send != sync_facts_.waiting_to_send ||
                             (!facts.online && facts.last_success_us != sync_facts_.last_success_us);
        sync_facts_ = facts;
        if (changed) UpdateSyncBadge();
        return changed;
    }

    // The printer in force: a terminal's own --printer, else (a kiosk) the site's [kiosk] printer
    // from the catalogue; a desk prints booking and referral slips on its --printer only.
    std::string PrinterInForce() const {
        if (!o_.printer.empty()) return o_.printer;
        return kiosk_ ? catalogue_.kiosk.printer : std::string();
    }
    // Opens the printer in force unless it is open already (a new catalogue may name another).
    Status OpenPrinter() {
        const std::string spec = (kiosk_ || desk_) ? PrinterInForce() : std::string();
        if (printer_ && printer_->spec() == spec) return {};
        printer_.reset();  // finishes a slip being sent
        if (spec.empty()) return {};
        auto printer = SlipPrinter::Open(spec, messages_->Dir(), *inbox_);
        if (!printer) return printer.error();
        printer_ = std::move(printer).value();
        return {};
    }

    void UpdateSyncBadge() {
        const std::string lang = kiosk_ ? std::string(kiosk_->lang()) : o_.lang;
        sync_badge_ = ui::MakeSyncBadge(sync_facts_, *messages_, lang, desk_.has_value());
    }

    // Between frames: swaps in a reloaded catalogue and translations and rebuilds the role's
    // view model on them. A desk waits until its staff signs out, a kiosk until it is back at
    // its start (nobody is cut off mid-way).
    bool ApplyReloadedConfig() {
        if (!reloaded_) reloaded_ = reloader_->Take();
        if (!reloaded_) return false;
        if (desk_ && desk_->signed_in()) return false;
        if (admin_ && admin_->signed_in()) return false;
        if (admin_saving_) return false;  // the admin worker reads messages_ until its save is done
        if (kiosk_ && kiosk_->screen() != ui::KioskScreen::kLanguage) return false;
        if (o_.role != Role::kDesk && reloaded_->messages.FindLanguage(o_.lang) == nullptr) o_.lang = "de";
        catalogue_ = std::move(reloaded_->catalogue);
        site_hours_ = std::move(reloaded_->hours);
        messages_.emplace(std::move(reloaded_->messages));
        std::cerr << "anlaufstelle: showing configuration version " << reloaded_->version << "\n";
        reloaded_.reset();
        kiosk_.reset();
        desk_.reset();
        board_.reset();
        admin_.reset();
        MakeRole();
        if (kiosk_) kiosk_->Touched(clock_.NowUtcMicros());
        // The site's kiosk printer may have changed with the catalogue; a bad one was refused by
        // the loader, so this fails only as a printer does (reported on the first slip).
        if (auto opened = OpenPrinter(); !opened) std::cerr << "anlaufstelle: " << opened.error().message << "\n";
        shown_time_zone_.clear();  // the new messages start in the machine's zone
        if (snapshot_) SetSnapshot(snapshot_);
        UpdateSyncBadge();
        return true;
    }

    void Dispatch(const ui::UiAction& action, Micros now) {
        if (kiosk_) {
            if (auto request = kiosk_->Apply(action, now)) IssueTicket(*request);
            if (auto reference = kiosk_->TakeCheckInRequest()) CheckIn(*reference);
            if (auto number = kiosk_->TakeFeedbackTicketRequest()) FeedbackTicket(*number);
            if (auto booking = kiosk_->TakeBookingRequest()) Booking(*booking);
            if (auto feedback = kiosk_->TakeFeedbackRequest(); feedback && store_) store_->GiveFeedback(std::move(*feedback));
        }
        if (desk_) {
            if (auto request = desk_->Apply(action, now)) DeskRequest(std::move(*request));
        }
        if (admin_) {
            if (auto request = admin_->Apply(action, now)) AdminRequest(std::move(*request));
        }
    }

    // The Staff and Audit pages as the gallery shows them: a site's accounts and a morning's
    // audit lines (the gallery's terminal has no staff of its own), the forms typed into.
    void AdminGallery(const std::string& screen, Micros now) {
        admin_->SignedInForGallery("1042", "A. Demir", ui::AdminPage::kStaff);
        auto staff = [](std::string number, std::string name, core::StaffRoles roles, Micros locked_until = 0) {
            core::Staff s{std::move(number), std::move(name), "", 0, locked_until};
            s.roles = std::move(roles);
            return s;
        };
        std::vector<core::Staff> accounts = {
            staff("1042", "A. Demir", {core::StaffRole::kAdministrator}),
            staff("1107", "M. Hoffmann", {core::StaffRole::kSupervisor, core::StaffRole::kDesk}),
            staff("2077", "B. Yilmaz", {core::StaffRole::kDesk}),
            staff("2081", "S. Haidari", {core::StaffRole::kDesk}, now + 10 * 60 * kMicrosPerSecond),
            staff("3015", "K. Nowak", {core::StaffRole::kCaseManager, core::StaffRole::kDesk}),
        };
        auto act = [this, now](ui::Action kind, std::string id = {}, std::string text = {}) {
            (void)admin_->Apply(ui::UiAction{kind, std::move(id), 0, std::move(text)}, now);
        };
        if (screen == "audit") {
            std::vector<core::AuditEntry> log;
            auto line = [&](int minutes_ago, std::string device, std::string kind, std::string who, std::string subject,
                            std::string detail) {
                log.push_back({now - Micros(minutes_ago) * 60 * kMicrosPerSecond, std::move(device), std::move(kind),
                               std::move(who), std::move(subject), std::move(detail)});
            };
            line(95, "desk-1", "sign_in", "2077", "", "ok");
            line(93, "desk-2", "sign_in_failed", "2081", "", "wrong_pin");
            line(90, "desk-2", "sign_in", "1107", "", "ok");
            line(84, "desk-1", "call", "2077", "t-1/7", "counter 3");
            line(71, "desk-1", "transfer", "2077", "t-1/7", "jc.first-appointment");
            line(64, "desk-2", "refused", "1107", "staff_add", "manage_staff");
            line(52, "admin-1", "sign_in", "1042", "", "ok");
            line(50, "admin-1", "staff_added", "1042", "3015", "case_manager,desk");
            line(47, "admin-1", "pin_reset", "1042", "2081", "desk");
            line(31, "admin-1", "config_published", "1042", "7", "");
            line(22, "desk-2", "call", "1107", "t-1/12", "counter 5");
            line(15, "desk-2", "cancellation", "1107", "a-2/3", "");
            line(9, "desk-1", "recall", "2077", "t-1/13", "counter 3");
            line(6, "admin-1", "erasure", "1042", "2", "");  // a visitor's erasure: how many events, never whose
            line(4, "admin-1", "staff_roles_set", "1042", "1107", "supervisor,desk");
            line(2, "admin-1", "config_rolled_back", "1042", "6", "");
            line(1, "desk-1", "call", "2077", "t-1/14", "counter 3");
            admin_->AuditForGallery(std::move(log));
            act(ui::Action::kAdminFieldFocus, "from");
            act(ui::Action::kAdminFieldType, {}, "2026-01-05");
            return;
        }
        if (screen == "staff-add") {
            admin_->StaffForGallery(accounts, std::string());
            act(ui::Action::kAdminFieldFocus, "number");
            act(ui::Action::kAdminFieldType, {}, "2090");
            act(ui::Action::kAdminFieldFocus, "name");
            act(ui::Action::kAdminFieldType, {}, "Z. Rahimi");
            act(ui::Action::kAdminFieldFocus, "pin");
            act(ui::Action::kAdminFieldType, {}, "730418");
            act(ui::Action::kAdminFieldFocus, "pin2");
            act(ui::Action::kAdminFieldType, {}, "7304");
            act(ui::Action::kAdminStaffRole, "supervisor");
            return;
        }
        if (screen == "staff-member") {
            admin_->StaffForGallery(accounts, std::string("2077"));
            act(ui::Action::kAdminStaffRemove);
            return;
        }
        if (screen == "staff-last-admin") {
            // The store's refusal to take the last administrator's role (the core's rule).
            admin_->StaffForGallery(accounts, std::string("1042"));
            auto after = accounts;
            after.front().roles = {core::StaffRole::kDesk};
            ui::AdminRequest request;
            request.kind = ui::AdminRequest::Kind::kSetStaffRoles;
            request.staff_number = "1042";
            ui::AdminAnswer answer;
            answer.status = core::CheckKeepsAnAdministrator(accounts, after);
            admin_->OnStoreAnswer(request, answer);
            return;
        }
        admin_->StaffForGallery(accounts, std::nullopt);
    }

    // The administrator's requests: sign-in on the store worker (as the desk's); saves on the
    // admin worker with the writers `anlaufstelle-ctl` uses, then the translations loaded
    // again from disk (what a kiosk and `config publish` will read) and handed to the screens.
    void AdminRequest(ui::AdminRequest request) {
        if (request.kind == ui::AdminRequest::Kind::kSignIn) {
            store_->SignIn(request.staff_number, request.pin, [this](Result<core::SignInOutcome> r) {
                if (!admin_) return;
                admin_->OnSignIn(r);
                if (auto figures = admin_->RefreshKeyFigures()) AdminRequest(std::move(*figures));  // a supervisor
            });
            return;
        }
        if (request.kind == ui::AdminRequest::Kind::kKeyFigures) {
            if (key_figures_busy_) {  // one computation at a time; the newest request follows it
                key_figures_next_ = std::move(request);
                return;
            }
            key_figures_busy_ = true;
            store_->KeyFigures(request.period, request.office_id, [this, request](Result<figures::Dashboard> r) {
                key_figures_busy_ = false;
                if (admin_) admin_->OnKeyFigures(request, std::move(r));
                if (key_figures_next_) {
                    ui::AdminRequest next = std::move(*key_figures_next_);
                    key_figures_next_.reset();
                    AdminRequest(std::move(next));
                }
            });
            return;
        }
        using Kind = ui::AdminRequest::Kind;
        if (request.kind == Kind::kListStaff || request.kind == Kind::kAddStaff || request.kind == Kind::kSetStaffRoles ||
            request.kind == Kind::kResetStaffPin || request.kind == Kind::kRemoveStaff || request.kind == Kind::kReadAudit ||
            request.kind == Kind::kExportAudit) {
            // Staff and audit: the store decides as the signed-in administrator.
            store_->Admin(request, [this, request](ui::AdminAnswer answer) {
                if (admin_) admin_->OnStoreAnswer(request, answer);
            });
            return;
        }
        if (admin_saving_) return;  // one save at a time: the next waits for the reloaded catalogue
        admin_saving_ = true;
        if (!admin_worker_) admin_worker_ = std::make_unique<Worker>();
        const messages::Messages* edited = &*messages_;
        if (request.kind == ui::AdminRequest::Kind::kPublish || request.kind == ui::AdminRequest::Kind::kRollback ||
            request.kind == ui::AdminRequest::Kind::kListVersions) {
            // Through the central as this enrolled admin terminal, signed by the staff member
            // signed in (by_staff): the catalogue and translations edited here, read as
            // `config publish` reads them; or a kept version again; then the versions list.
            admin_worker_->Post([this, request, db = o_.db, sources = sync::config::EditedSources(catalogue_dir_, edited->Dir())] {
                std::optional<Result<std::int64_t>> published;
                if (request.kind != ui::AdminRequest::Kind::kListVersions) {
                    Result<sync::ConfigPublish> publish = sync::ConfigPublish{};
                    if (request.kind == ui::AdminRequest::Kind::kRollback) publish->rollback_to = request.rollback_to;
                    else publish = sync::config::ReadPublication("", sources);
                    if (!publish.ok()) {
                        published = publish.error();
                    } else {
                        publish->by_staff = request.by_staff;
                        auto answer = sync::PublishAsAdminTerminal(db, std::move(publish).value());
                        published = answer.ok() ? Result<std::int64_t>(answer->version) : Result<std::int64_t>(answer.error());
                    }
                }
                Result<std::vector<ui::AdminConfigVersion>> versions = std::vector<ui::AdminConfigVersion>{};
                if (auto listed = sync::ConfigVersionsAsAdminTerminal(db); !listed.ok()) {
                    versions = listed.error();
                } else {
                    for (const auto& v : listed->versions)
                        versions->push_back({v.version, v.published_us, v.catalogue_files, v.translation_files});
                }
                inbox_->Post([this, request, published, versions] {
                    admin_saving_ = false;
                    if (!admin_) return;
                    if (published) admin_->OnPublished(request, *published);
                    admin_->OnVersions(versions);
                });
            });
            return;
        }
        if (request.kind == ui::AdminRequest::Kind::kCheckCatalogue || request.kind == ui::AdminRequest::Kind::kSaveCatalogue) {
            // The catalogue's own loader judges the edits (catalogue::CheckEdits in a scratch
            // directory); a save writes only the changed lines and loads the catalogue again.
            admin_worker_->Post([this, request, dir = catalogue_dir_] {
                auto check = std::make_shared<catalogue::EditCheck>();
                auto reloaded = std::make_shared<std::optional<catalogue::Catalogue>>();
                auto hours = std::make_shared<std::optional<catalogue::SiteHours>>();
                Status saved;
                if (request.kind == ui::AdminRequest::Kind::kCheckCatalogue) {
                    *check = catalogue::CheckEdits(dir, request.catalogue_edits);
                } else if (saved = catalogue::WriteEdits(dir, request.catalogue_edits); saved) {
                    auto loaded = catalogue::LoadCatalogue(dir);
                    if (loaded) reloaded->emplace(std::move(loaded).value());
                    else saved = loaded.error();
                    auto site = catalogue::LoadSiteHours(catalogue::SiteHoursFileFor(dir));
                    if (site) hours->emplace(std::move(site).value());
                    else if (saved) saved = site.error();
                }
                inbox_->Post([this, request, saved, check, reloaded, hours] {
                    admin_saving_ = false;
                    if (!admin_) return;
                    if (request.kind == ui::AdminRequest::Kind::kCheckCatalogue) return admin_->OnCatalogueChecked(request, *check);
                    if (hours->has_value()) {
                        site_hours_ = std::move(**hours);
                        admin_->SetSiteHours(site_hours_);
                    }
                    if (reloaded->has_value()) {
                        catalogue_ = std::move(**reloaded);
                        admin_->SetCatalogue(catalogue_);
                    }
                    admin_->OnSaved(request, saved);
                });
            });
            return;
        }
        admin_worker_->Post([this, edited, request] {
            Status saved;
            if (request.kind == ui::AdminRequest::Kind::kSaveLanguages) {
                saved = messages::WriteLanguageSettings(*edited, request.languages);
            } else if (auto written = messages::WriteCatalogueEdits(*edited, request.lang, {request.edit}); !written) {
                saved = written.error();
            }
            auto reloaded = std::make_shared<std::optional<messages::Messages>>();
            if (saved) {
                auto loaded = messages::Messages::Load(edited->Dir());
                if (loaded) reloaded->emplace(std::move(loaded).value());
                else saved = loaded.error();
            }
            inbox_->Post([this, request, saved, reloaded] {
                admin_saving_ = false;
                if (reloaded->has_value()) {
                    messages_.emplace(std::move(**reloaded));
                    shown_time_zone_.clear();
                    if (admin_) admin_->SetMessages(*messages_);
                }
                if (admin_) admin_->OnSaved(request, saved);
            });
        });
    }

    void IssueTicket(const ui::TicketRequest& request) {
        core::IssueTicket issue;
        issue.service_id = request.service_ids.front();
        issue.next_service_ids.assign(request.service_ids.begin() + 1, request.service_ids.end());  // later stops
        issue.lang = request.lang;
        issue.priority_class = request.priority_id;
        issue.interpreter = request.interpreter;
        store_->Execute(issue, "", [this, service_id = issue.service_id](Result<store::Outcome> r) {
            if (!r || r->ticket_ids.empty()) {
                kiosk_->OnTicketFailed(r ? std::string(messages_->Text(kiosk_->lang(), "common.error_ask_staff"))
                                         : std::string(messages_->Text(kiosk_->lang(), "common.error_ask_staff")));
                return;
            }
            ui::IssuedTicket ticket;
            const std::string& id = r->ticket_ids.front();
            if (snapshot_) {
                if (const core::Ticket* t = snapshot_->state.FindTicket(id)) {
                    ticket.office_id = t->office_id;
                    if (const core::Visit* v = snapshot_->state.FindVisit(t->visit_id)) ticket.number = v->display;
                }
                for (const auto& e : snapshot_->queue) {
                    if (e.ticket_id == id) ticket.estimated_minutes = e.estimated_wait_minutes;
                }
            }
            kiosk_->OnTicketIssued(ticket);
            PrintTicket(ticket, service_id, id);
        });
    }

    // The ticket's slip, on the printer's worker. A fault leaves the ticket as issued (never
    // issued again): the kiosk's ticket screen says it could not print and keeps the number large.
    void PrintTicket(const ui::IssuedTicket& ticket, const std::string& service_id, const std::string& ticket_id) {
        if (!printer_ || ticket.number.empty() || !kiosk_) return;
        Micros issued_at = clock_.NowUtcMicros();
        if (snapshot_) {
            if (const core::Ticket* t = snapshot_->state.FindTicket(ticket_id))
                if (const core::Visit* v = snapshot_->state.FindVisit(t->visit_id)) issued_at = v->arrival_at;
        }
        auto slip = print::MakeTicketSlip(catalogue_, *messages_, kiosk_->lang(), ticket.number, service_id,
                                          ticket.estimated_minutes, issued_at);
        printer_->Print(std::move(slip), shown_time_zone_, [this, number = ticket.number](Status printed) {
            // The desks see the printer's state change (a device.alert event), once per change.
            if (printed.ok() == printer_failing_ && store_) store_->ReportDeviceAlert("printer", !printed.ok());
            printer_failing_ = !printed.ok();
            if (printed) return;
            std::cerr << "anlaufstelle: ticket " << number << " was issued but its slip did not print: "
                      << printed.error().message << "\n";
            if (kiosk_) kiosk_->OnPrintFailed(number);
        });
    }

    // The desk's slips: a booking made (follow-up, move, the hand-off's first appointment) and
    // a referral. A fault raises the printer alert as at the kiosk; what was stored stands.
    void PrintDeskSlip(const ui::DeskRequest& request, const ui::DeskAnswer& answer) {
        if (!printer_ || !desk_) return;
        std::optional<print::Slip> slip = DeskSlip(catalogue_, *messages_, request, answer);
        if (!slip) return;
        printer_->Print(std::move(*slip), shown_time_zone_, [this](Status printed) {
            if (printed.ok() == printer_failing_ && store_) store_->ReportDeviceAlert("printer", !printed.ok());
            printer_failing_ = !printed.ok();
            if (printed) return;
            std::cerr << "anlaufstelle: a desk slip did not print: " << printed.error().message << "\n";
            if (desk_) desk_->OnPrintFailed();
        });
    }

    // "I have an appointment": the store worker judges and, on time, issues the ticket.
    void CheckIn(const std::string& reference) {
        store_->CheckIn(reference, [this](Result<store::CheckIn> r) {
            if (!kiosk_) return;  // rebuilt on a new configuration meanwhile
            if (!r) {
                kiosk_->OnCheckInFailed(std::string(messages_->Text(kiosk_->lang(), "common.error_ask_staff")));
                return;
            }
            kiosk_->OnCheckIn(app::CheckInAnswerOf(*r, catalogue_));
        });
    }

    // The end-of-visit feedback: is today's visit with this number finished? (read only)
    void FeedbackTicket(const std::string& number) {
        if (!store_) {
            kiosk_->OnFeedbackTicketFailed();
            return;
        }
        store_->FindVisitEnd(number, [this](Result<core::VisitEnd> r) {
            if (!kiosk_) return;  // rebuilt on a new configuration meanwhile
            if (!r) {
                std::cerr << "anlaufstelle: a ticket number could not be looked up: " << r.error().message << "\n";
                kiosk_->OnFeedbackTicketFailed();
                return;
            }
            kiosk_->OnFeedbackTicket(*r);
        });
    }

    // Booking at the kiosk: the day picker's days and the booking itself, on the store worker.
    void Booking(const ui::BookingRequest& request) {
        if (request.kind == ui::BookingRequest::Kind::kDays) {
            store_->BookingDays(request.service_id, [this, service = request.service_id](Result<std::vector<core::SlotDay>> r) {
                if (!kiosk_) return;  // rebuilt on a new configuration meanwhile
                if (!r) std::cerr << "anlaufstelle: the appointment days could not be read: " << r.error().message << "\n";
                kiosk_->OnBookingDays(service, r ? std::move(r).value() : std::vector<core::SlotDay>{});
            });
            return;
        }
        store_->Book({request.slot_id, request.lang},
                     [this](ui::BookingAnswer answer, std::optional<core::Appointment> appointment) {
                         if (!kiosk_) return;
                         kiosk_->OnBooking(answer);
                         if (appointment) PrintBooking(*appointment);
                     });
    }

    // The booking slip, like a ticket's: a fault leaves the booking as it is and the
    // confirmation says to write the reference down.
    void PrintBooking(const core::Appointment& appointment) {
        if (!printer_ || !kiosk_) return;
        auto slip = print::MakeBookingSlip(catalogue_, *messages_, appointment);
        printer_->Print(std::move(slip), shown_time_zone_, [this, reference = appointment.reference](Status printed) {
            if (printed.ok() == printer_failing_ && store_) store_->ReportDeviceAlert("printer", !printed.ok());
            printer_failing_ = !printed.ok();
            if (printed) return;
            std::cerr << "anlaufstelle: booking " << reference << " was made but its slip did not print: "
                      << printed.error().message << "\n";
            if (kiosk_) kiosk_->OnBookingPrintFailed(reference);
        });
    }

    void DeskRequest(ui::DeskRequest request) {
        if (request.kind == ui::DeskRequest::Kind::kSignIn) {
            store_->SignIn(request.staff_number, request.pin, [this](Result<core::SignInOutcome> r) {
                desk_->OnSignIn(r, clock_.NowUtcMicros());
            });
            return;
        }
        if (request.kind == ui::DeskRequest::Kind::kReferral || request.kind == ui::DeskRequest::Kind::kHandoff ||
            request.kind == ui::DeskRequest::Kind::kAppointment) {
            store_->Network(request, desk_->staff_number(), [this, request](ui::DeskAnswer answer) {
                if (desk_) desk_->OnDeskAnswer(request, answer);
                PrintDeskSlip(request, answer);
            });
            return;
        }
        store_->Execute(request.command, desk_->staff_number(),
                        [this, command = request.command](Result<store::Outcome> r) {
                            if (!desk_) return;  // the desk was rebuilt on a new configuration meanwhile
                            desk_->OnCommandDone(command, r ? Status{} : Status(r.error()),
                                                 r ? r->ticket_ids : std::vector<std::string>{});
                        });
    }

    TerminalOptions o_;
    bool trace_ = false;
    const std::chrono::steady_clock::time_point trace_start_ = std::chrono::steady_clock::now();
    SnapshotPtr shot_snapshot_;  // --screenshot: the state shown, and its moment
    Micros shot_now_ = 0;
    Result<figures::Dashboard> shot_week_ = MakeError(ErrorCode::kNotFound, "No figures computed.");
    Result<figures::Dashboard> shot_today_ = MakeError(ErrorCode::kNotFound, "No figures computed.");
    SystemClock clock_;
    catalogue::Catalogue catalogue_;
    catalogue::SiteHours site_hours_;  // admin: the hours.toml beside catalogue_dir_ (its Opening hours tab)
    std::filesystem::path catalogue_dir_;  // where catalogue_ was loaded from (the administrator edits it)
    std::optional<messages::Messages> messages_;
    std::unique_ptr<text::Engine> engine_;
    Platform platform_;
    std::unique_ptr<text::GlTextRenderer> renderer_;
    std::unique_ptr<ui::EngineTextPainter> painter_;
    ui::LayoutLog log_;
    ui::UiContext context_;
    std::optional<ui::KioskFlow> kiosk_;
    std::optional<ui::DeskSession> desk_;
    std::optional<ui::BoardModel> board_;
    std::optional<ui::AdminSession> admin_;
    bool key_figures_busy_ = false;  // the store worker computes the dashboard's figures
    std::optional<ui::AdminRequest> key_figures_next_;
    bool admin_saving_ = false;  // a save is on the admin worker; its messages_ must stay
    std::unique_ptr<Announcer> announcer_;
    ui::AccessModes modes_;                    // --mode
    voice::PromptPacks packs_;                 // kiosk: recorded prompts (read-aloud's languages)
    std::vector<std::string> read_aloud_langs_;
    std::unique_ptr<ReadAloud> read_aloud_;    // kiosk with at least one voice
    SnapshotPtr snapshot_;
    std::string shown_time_zone_;  // the zone messages_ formats times in, once a snapshot named it
    std::optional<std::string> out_of_service_;  // the store did not open (its sentence): shown instead of the role
    Micros frame_now_ = 0;  // the moment the frame shows (rotating languages)
    std::unique_ptr<UiInbox> inbox_;
    std::unique_ptr<SlipPrinter> printer_;  // --printer: after the inbox it posts to
    bool printer_failing_ = false;          // the last slip did not print (the desks were told)
    ui::SyncFacts sync_facts_;
    ui::SyncBadgeView sync_badge_;
    std::unique_ptr<ConfigReloader> reloader_;
    std::shared_ptr<LoadedConfig> reloaded_;  // loaded, waiting for a moment nobody is mid-way
    std::unique_ptr<StoreService> store_;  // its worker stops before the admin worker
    std::unique_ptr<Worker> admin_worker_;  // last: stops first (its job posts to inbox_ and reads messages_)
};

int RunTerminal(const TerminalOptions& options) {
    int rc = 0;
    std::chrono::steady_clock::time_point ended;
    {
        Terminal terminal(options);
        rc = terminal.Run();
        ended = std::chrono::steady_clock::now();
    }
    if (getenv("ANL_STARTUP_TRACE") != nullptr) {  // the shut-down too: the benchmark counts it
        std::fprintf(stderr, "startup: %-30s %7.1f ms\n", "shut down (GL context, store)",
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ended).count());
    }
    return rc;
}

}  // namespace anl::app
