// "Other help nearby" at the kiosk, through the kiosk's view model with the shipped catalogue
// and messages: the topics offered are exactly those some partner helps with, in the
// visitor's language; a topic lists its partners with the visitor's language first (said in a
// sentence) and each partner's QR code; home and the finder lead there; back, start again and
// the inactivity reset work as on every screen, and nothing is asked of the store.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "i18n/messages/messages.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/qr/qr.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"

using namespace anl;

namespace {

constexpr Micros kMonday = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

struct Shared {
    catalogue::Catalogue catalogue;
    std::optional<messages::Messages> messages;
    Shared() {
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        catalogue = std::move(cat.value());
        auto m = messages::Messages::Load(messages::Messages::DefaultDir());
        REQUIRE(m.ok());
        messages.emplace(std::move(m.value()));
    }
};

const Shared& Data() {
    static const Shared shared;
    return shared;
}

ui::UiAction Act(ui::Action kind, std::string id = {}, int value = 0) { return ui::UiAction{kind, std::move(id), value, {}}; }

std::set<std::string> TopicsWithPartners(const catalogue::Catalogue& c) {
    std::set<std::string> topics;
    for (const auto& p : c.partners) topics.insert(p.topics.begin(), p.topics.end());
    return topics;
}

std::set<std::string> Offered(const ui::KioskFlow& flow) {
    std::set<std::string> ids;
    for (const auto& item : flow.NearbyTopics().items) ids.insert(item.id);
    return ids;
}

const messages::LanguageInfo& Language(const std::string& code) {
    const messages::LanguageInfo* info = Data().messages->FindLanguage(code);
    REQUIRE(info != nullptr);
    return *info;
}

}  // namespace

TEST_CASE("Other help nearby: the topics offered are exactly those some partner helps with, in the visitor's words",
          "[ui][nearby]") {
    const Shared& d = Data();
    REQUIRE(d.catalogue.partners.size() >= 10);
    ui::KioskFlow flow(d.catalogue, *d.messages, {});
    CHECK(Offered(flow) == TopicsWithPartners(d.catalogue));
    CHECK(flow.NearbyTopics().item_action == ui::Action::kChooseNearbyTopic);

    for (const char* lang : {"de", "en", "ar", "ti", "uk"}) {
        flow.Apply(Act(ui::Action::kChooseLanguage, lang), kMonday);
        INFO(lang);
        const auto topics = flow.NearbyTopics();
        CHECK(topics.title == d.messages->Text(lang, "kiosk.nearby.choose_topic"));
        for (const auto& item : topics.items) {
            INFO(item.id);
            // Every topic has its own text in every shipped language (not a fallback to the key).
            CHECK(d.messages->Find(lang, catalogue::Partner::TopicKey(item.id)) != nullptr);
            CHECK(item.label == d.messages->Text(lang, catalogue::Partner::TopicKey(item.id)));
            CHECK_FALSE(item.pictogram.empty());
        }
    }

    // `i18n check` asks every topic's text of services.toml (and finds none stale).
    const auto keys = catalogue::TranslationKeys(d.catalogue);
    for (const auto& topic : TopicsWithPartners(d.catalogue))
        CHECK(std::find(keys.begin(), keys.end(), catalogue::Partner::TopicKey(topic)) != keys.end());

    // A topic nobody helps with any more is not offered; a directory without partners offers
    // no way there at all (not on the home screen, not in the finder).
    catalogue::Catalogue fewer = d.catalogue;
    std::erase_if(fewer.partners, [](const catalogue::Partner& p) {
        return std::find(p.topics.begin(), p.topics.end(), "debt") != p.topics.end();
    });
    ui::KioskFlow fewer_flow(fewer, *d.messages, {});
    CHECK(Offered(fewer_flow).count("debt") == 0);
    CHECK(Offered(fewer_flow) == TopicsWithPartners(fewer));

    catalogue::Catalogue none = d.catalogue;
    none.partners.clear();
    ui::KioskFlow none_flow(none, *d.messages, {});
    none_flow.Apply(Act(ui::Action::kChooseLanguage, "de"), kMonday);
    CHECK(none_flow.Home().nearby_label.empty());
    none_flow.Apply(Act(ui::Action::kOpenNearby), kMonday);
    CHECK(none_flow.screen() == ui::KioskScreen::kHome);
    none_flow.Apply(Act(ui::Action::kOpenFinder), kMonday);
    for (const auto& item : none_flow.Finder().items) CHECK(item.id != "nearby");
}

TEST_CASE("Other help nearby: a topic lists its partners, where the visitor's language is spoken first",
          "[ui][nearby]") {
    const Shared& d = Data();
    ui::KioskFlow flow(d.catalogue, *d.messages, {});
    for (const char* lang : {"de", "ar", "ti", "uk", "fa-AF", "ka"}) {
        for (const auto& topic : TopicsWithPartners(d.catalogue)) {
            flow.ShowNearbyForGallery(topic, lang, kMonday);
            INFO(lang << " " << topic);
            const auto view = flow.NearbyPartners();
            CHECK(view.title == d.messages->Text(lang, catalogue::Partner::TopicKey(topic)));
            const auto expected = d.catalogue.PartnersFor(topic);
            REQUIRE(view.partners.size() == expected.size());
            std::set<std::string> ids;
            bool others_began = false;
            for (const auto& card : view.partners) {
                ids.insert(card.id);
                const catalogue::Partner* p = nullptr;
                for (const auto* e : expected)
                    if (e->id == card.id) p = e;
                REQUIRE(p != nullptr);
                // As the partner writes them.
                CHECK(card.name == p->name);
                CHECK(card.address == p->address);
                CHECK(card.hours == p->hours);
                const bool spoken = std::find(p->languages.begin(), p->languages.end(), lang) != p->languages.end();
                // Spoken there: said in a sentence with the language's name, and named first.
                CHECK(card.own_language.empty() == !spoken);
                if (spoken) {
                    CHECK(card.own_language ==
                          d.messages->Format(lang, "kiosk.nearby.spoken_here",
                                             messages::Args().Str("language", Language(lang).name)));
                    CHECK(card.languages.rfind("\u2068" + Language(lang).name + "\u2069", 0) == 0);
                    CHECK_FALSE(others_began);  // every such partner before the others
                } else {
                    others_began = true;
                }
                // The QR code of its web page, else its address.
                auto qr = qr::Encode(p->QrText());
                REQUIRE(qr.ok());
                CHECK(card.qr_size == qr->size);
                CHECK(card.qr_modules == std::vector<unsigned char>(qr->modules.begin(), qr->modules.end()));
            }
            CHECK(ids.size() == expected.size());
        }
    }

    // The order really changes with the visitor: "family" in Ukrainian puts the partner that
    // speaks Ukrainian ahead of the directory's first one, which does not.
    const auto family = d.catalogue.PartnersFor("family");
    REQUIRE(family.size() >= 2);
    REQUIRE(std::find(family.front()->languages.begin(), family.front()->languages.end(), "uk") ==
            family.front()->languages.end());
    flow.ShowNearbyForGallery("family", "uk", kMonday);
    const auto uk = flow.NearbyPartners();
    CHECK(uk.partners.front().id != family.front()->id);
    CHECK_FALSE(uk.partners.front().own_language.empty());
}

TEST_CASE("Other help nearby: reached from home and from the finder, with back, start again and inactivity as everywhere",
          "[ui][nearby]") {
    const Shared& d = Data();
    ui::KioskSettings settings;
    ui::KioskFlow flow(d.catalogue, *d.messages, settings);
    Micros t = kMonday;
    flow.Apply(Act(ui::Action::kChooseLanguage, "ar"), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kHome);
    CHECK(flow.Home().nearby_label == d.messages->Text("ar", "kiosk.nearby.title"));

    // Home -> topics -> partners, then back twice.
    CHECK_FALSE(flow.Apply(Act(ui::Action::kOpenNearby), t).has_value());
    REQUIRE(flow.screen() == ui::KioskScreen::kNearbyTopics);
    CHECK(flow.NearbyTopics().chrome.show_back);
    flow.Apply(Act(ui::Action::kChooseNearbyTopic, "no-such-topic"), t);
    CHECK(flow.screen() == ui::KioskScreen::kNearbyTopics);
    flow.Apply(Act(ui::Action::kChooseNearbyTopic, "trauma"), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kNearbyPartners);
    CHECK(flow.nearby_topic() == "trauma");
    CHECK(flow.NearbyPartners().chrome.show_back);
    flow.Apply(Act(ui::Action::kBack), t);
    CHECK(flow.screen() == ui::KioskScreen::kNearbyTopics);
    flow.Apply(Act(ui::Action::kBack), t);
    CHECK(flow.screen() == ui::KioskScreen::kHome);

    // The finder's way out when no answer fits: its last item, after the real answers.
    flow.Apply(Act(ui::Action::kOpenFinder), t);
    const auto finder = flow.Finder();
    REQUIRE(!finder.items.empty());
    const auto& out = finder.items.back();
    CHECK(out.id == "nearby");
    CHECK(out.label == d.messages->Text("ar", "kiosk.finder.none_fits"));
    flow.Apply(Act(ui::Action::kFinderAnswer, out.id, int(finder.items.size()) - 1), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kNearbyTopics);
    flow.Apply(Act(ui::Action::kBack), t);
    CHECK(flow.screen() == ui::KioskScreen::kFinder);

    // Start again forgets the topic.
    flow.Apply(Act(ui::Action::kFinderAnswer, "nearby", 99), t);
    flow.Apply(Act(ui::Action::kChooseNearbyTopic, "debt"), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kNearbyPartners);
    flow.Apply(Act(ui::Action::kStartAgain), t);
    CHECK(flow.screen() == ui::KioskScreen::kLanguage);
    CHECK(flow.nearby_topic().empty());

    // Inactivity: the partners' screen starts again like every other.
    flow.Apply(Act(ui::Action::kChooseLanguage, "ti"), t);
    flow.Apply(Act(ui::Action::kOpenNearby), t);
    flow.Apply(Act(ui::Action::kChooseNearbyTopic, "women"), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kNearbyPartners);
    flow.Tick(t + settings.inactivity_reset - settings.countdown_before);
    CHECK(flow.NearbyPartners().chrome.countdown_visible);
    CHECK(flow.screen() == ui::KioskScreen::kNearbyPartners);
    flow.Tick(t + settings.inactivity_reset);
    CHECK(flow.screen() == ui::KioskScreen::kLanguage);
    CHECK(flow.nearby_topic().empty());
    CHECK(flow.lang() == settings.default_lang);

    // Nothing of this asks the store for anything.
    CHECK_FALSE(flow.TakeCheckInRequest().has_value());
    CHECK_FALSE(flow.TakeBookingRequest().has_value());
}
