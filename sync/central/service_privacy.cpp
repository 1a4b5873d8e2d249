// central service: a visitor's request for information or erasure for a whole site
// (GET/POST /v1/admin/privacy; core.h section 14, docs/DATA-PROTECTION.md). Administrators
// only: the admin token for any site, an enrolled admin terminal's token for its own site.
// Also: a privacy.erased an admin terminal pushed is carried out here (ApplyPushedErasures).
#include <algorithm>

#include "sync/central/http_plumbing.h"
#include "sync/central/log.h"
#include "sync/central/service.h"

namespace anl::sync::central {
namespace {

struct SiteLog {
    core::State state;
    std::vector<core::Event> events;
};

// The site's whole order folded from scratch: a request is rare, and a fresh fold holds no
// copy of what an earlier erasure emptied.
Result<SiteLog> ReadSite(CentralStore& store, const std::string& site) {
    SiteLog log;
    auto read = ForEachSiteEvent(store, site, 0, [&](const StoredEvent& stored) -> Status {
        const Event& e = stored.event;
        log.events.push_back(core::Event{e.device, e.seq, e.type, nlohmann::json::parse(e.payload, nullptr, false), e.at_us});
        (void)core::ApplyEvent(log.state, log.events.back());
        return {};
    });
    if (!read.ok()) return read.error();
    return log;
}

// A short single-line text of the request, or an error naming the field.
Result<std::string> RequestText(const nlohmann::json& body, const char* key, bool required) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) return MakeError(ErrorCode::kInvalidInput, std::string("The request lacks \"") + key + "\".");
        return std::string();
    }
    if (!it->is_string()) return MakeError(ErrorCode::kInvalidInput, std::string("\"") + key + "\" must be text.");
    std::string text = it->get<std::string>();
    if (auto ok = CheckInputText(text, TextShape::kSingleLine, 64, std::string("\"") + key + "\""); !ok.ok())
        return ok.error();
    if (required && text.empty()) return MakeError(ErrorCode::kInvalidInput, std::string("\"") + key + "\" is empty.");
    return text;
}

}  // namespace

Outcome Service::Privacy(const Request& request) {
    // Who asks: the admin token (any site) or an admin terminal (its own site).
    std::optional<std::string> own_site;
    std::string admin_device;  // its id, for the log of a refusal
    if (!IsAdmin(request)) {
        auto device = Authenticate(request);
        if (!device.ok()) return Answer(RefuseError(device.error()));
        if (!core::DeviceRoleAllows(device->role, core::Right::kAnswerPrivacyRequests) || device->role != Role::kAdmin) {
            Forbidden(device->site, device->device, std::string(RoleName(device->role)), "",
                      core::Right::kAnswerPrivacyRequests);
            return Answer(Refuse(403, "forbidden",
                                 "A visitor's data is shown or erased by administrators only: use an admin terminal "
                                 "or the admin token."));
        }
        own_site = device->site;
        admin_device = device->device;
    }
    const bool erase = request.method == "POST";
    nlohmann::json body = nlohmann::json::object();
    if (erase) {
        body = nlohmann::json::parse(request.body, nullptr, false);
        if (!body.is_object()) return Answer(Refuse(400, "malformed", "The request body must be a JSON object."));
    } else {
        for (const char* key : {"site", "reference", "day", "staff"})
            if (auto value = QueryText(request.target, key)) body[key] = *value;
    }
    auto site = RequestText(body, "site", !own_site);
    auto reference = RequestText(body, "reference", true);
    auto day = RequestText(body, "day", false);
    for (const auto* field : {&site, &reference, &day})
        if (!field->ok()) return Answer(RefuseError(field->error()));
    std::string site_id = site.value().empty() && own_site ? *own_site : site.value();
    if (own_site && site_id != *own_site)
        return Answer(Refuse(403, "site", "An admin device of site \"" + *own_site +
                                              "\" may not answer for another site."));
    auto dry = body.find("dry_run");
    if (dry != body.end() && !dry->is_boolean())
        return Answer(Refuse(400, "malformed", "\"dry_run\" must be true or false."));
    const bool dry_run = dry != body.end() && dry->get<bool>();
    // At an admin terminal someone signed in: the request names them, and the site's published
    // staff list must give them the right (as a publication's by_staff; docs/ROLES.md).
    auto staff = RequestText(body, "staff", false);
    if (!staff.ok()) return Answer(RefuseError(staff.error()));
    if (own_site) {
        bool granted = false;
        if (!staff.value().empty()) {
            auto config = store_.ReadConfig(site_id);
            if (!config.ok()) return Answer(RefuseError(config.error()));
            if (config.value()) {
                auto decoded = DecodeAs<SiteConfig>((*config)->body);
                if (decoded.ok() && decoded->staff)
                    for (const auto& member : *decoded->staff)
                        if (member.number == staff.value()) {
                            auto roles = core::ParseStaffRoles(member.roles);
                            granted = roles.ok() && core::Grants(roles.value(), core::Right::kAnswerPrivacyRequests);
                        }
            }
        }
        if (!granted) {
            Forbidden(site_id, admin_device, "admin", staff.value(), core::Right::kAnswerPrivacyRequests);
            return Answer(Refuse(403, "forbidden",
                                 "Sign in at the admin terminal as an administrator: a visitor's data is shown or "
                                 "erased with the right answer_privacy_requests."));
        }
    }

    auto site_log = ReadSite(store_, site_id);
    if (!site_log.ok()) return Answer(RefuseError(site_log.error()));
    auto match =
        core::MatchVisitor(site_log->state, site_log->events, reference.value(), day.value(), rules.time_zone);
    if (!match.ok()) return Answer(RefuseError(match.error()));
    std::vector<core::Event> visitor_events;
    for (std::size_t i : match->events) visitor_events.push_back(site_log->events[i]);
    if (!erase) {
        nlohmann::json answer = core::VisitorDataToJson(*match, visitor_events);
        answer["site"] = site_id;
        return Answer(JsonOk(answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    }

    std::vector<std::pair<std::string, std::int64_t>> keys;
    std::vector<std::string> ids;
    RetentionPurge counted;
    for (const auto& e : visitor_events) {
        auto fields = core::PersonalFieldsOf(e);
        if (fields.empty()) continue;
        keys.emplace_back(e.device_id, e.seq);
        ids.push_back(core::EventId(e));
        ++counted.events;
        for (const auto& [name, value] : fields) ++counted.fields[name];
    }
    if (ids.size() > core::kMaxErasedEvents)
        return Answer(Refuse(409, "rejected", "This reference names more events than one erasure may hold."));
    nlohmann::json answer = {{"site", site_id}, {"dry_run", dry_run}, {"recorded", ""}};
    if (!dry_run && !keys.empty()) {
        auto erased = store_.EraseEvents(site_id, keys);
        SiteChanged(site_id);  // the tail may hold the events just emptied
        if (!erased.ok()) return Answer(RefuseError(erased.error()));
        counted = erased.value();
        // Every terminal that pulled these events empties its copies when it pulls this.
        auto record = core::MakePrivacyErased(core::Actor{std::string(core::kCentralDeviceId), 0, 1, ""},
                                              clock_.NowUtcMicros(), staff.value(), ids);
        Audit(site_id, record);
        site_views_.erase(site_id);  // its fold held the emptied notes and names: fold again
        answer["recorded"] = "central";
    }
    answer["events"] = counted.events;
    answer["fields"] = counted.fields;
    return Answer(JsonOk(answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

void Service::ApplyPushedErasures(const DeviceRecord& device, const std::vector<Event>& events,
                                  const IngestOutcome& outcome) {
    for (const Event& e : events) {
        if (e.type != "privacy.erased") continue;
        if (std::any_of(outcome.rejected.begin(), outcome.rejected.end(),
                        [&](const RefusedEvent& r) { return r.seq == e.seq; }))
            continue;
        auto keys = core::ReadPrivacyErased(
            core::Event{e.device, e.seq, e.type, nlohmann::json::parse(e.payload, nullptr, false), e.at_us});
        if (!keys) continue;
        // Ingest stored the erasure: failing here would not undo it. Say so; a retry of the
        // same request at the central (POST /v1/admin/privacy) finishes the job.
        auto erased = store_.EraseEvents(device.site, *keys);
        SiteChanged(device.site);  // the tail may hold the events just emptied
        if (!erased.ok()) {
            std::string line = "could not carry out erasure " + e.device + "/" + std::to_string(e.seq) + " of site " +
                               device.site + ": " + erased.error().message;
            if (log) log(line);
            else WriteLogLine(LogLevel::kError, line);
            continue;
        }
        site_views_.erase(device.site);
    }
}

std::map<std::string, RetentionPurge> Service::RunRetentionIfDue() {
    std::map<std::string, RetentionPurge> runs;
    const Micros now = clock_.NowUtcMicros();
    auto say = [this](const std::string& line, LogLevel level) {
        if (log) log(line);
        else WriteLogLine(level, line);
    };
    auto sites = KnownSites(store_);
    if (!sites.ok()) {
        say("retention run: cannot list the sites: " + sites.error().message, LogLevel::kError);
        return runs;
    }
    const int fallback = catalogue ? catalogue->retention.days : core::kDefaultRetentionDays;
    for (const auto& site : *sites) {
        auto last = retention_runs_.find(site);
        if (last != retention_runs_.end() && now - last->second < kRetentionInterval) continue;
        auto days = SiteRetentionDays(store_, site, fallback);
        auto purged = days.ok() ? PurgeSitePersonalData(store_, site, now - static_cast<Micros>(*days) * 24 * 3600 *
                                                                                kMicrosPerSecond,
                                                        false)
                                : Result<RetentionPurge>(days.error());
        SiteChanged(site);  // the tail may hold events just emptied
        if (!purged.ok()) {
            say("retention run for site " + site + " failed: " + purged.error().message, LogLevel::kError);
            continue;
        }
        retention_runs_[site] = now;
        if (purged->events > 0) {
            site_views_.erase(site);  // its fold held the emptied notes and names: fold again
            say("retention run for site " + site + ": emptied the personal fields of " +
                    std::to_string(purged->events) + " event(s) older than " + std::to_string(*days) + " days",
                LogLevel::kInfo);
        }
        runs[site] = purged.value();
    }
    return runs;
}

}  // namespace anl::sync::central
