// Catalogue edits (the administration's Catalogue page): a field changes only its own lines,
// a wrong value is refused with the loader's own message and writes nothing, and the diff of
// two loaded catalogues reads "service X: duration 10 -> 20".
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "kiosk/catalogue/catalogue.h"

namespace fs = std::filesystem;
using namespace anl::catalogue;

namespace {

const fs::path kShipped = fs::path(ANL_SOURCE_DIR) / "assets" / "catalogue";

// A copy of the shipped catalogue in a directory of its own, removed afterwards.
class CatalogueCopy {
public:
    CatalogueCopy() {
        static std::atomic<int> counter{0};
        dir_ = fs::temp_directory_path() / ("anl-catalogue-edit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        for (const auto& e : fs::directory_iterator(kShipped))
            if (e.path().extension() == ".toml") fs::copy_file(e.path(), dir_ / e.path().filename());
    }
    ~CatalogueCopy() { fs::remove_all(dir_); }
    const fs::path& dir() const { return dir_; }
    std::string Read(const std::string& name) const {
        std::ifstream in(dir_ / name);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    fs::path dir_;
};

std::string ReadShipped(const std::string& name) {
    std::ifstream in(kShipped / name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The lines of `a` not in `b` at the same place: the number of differing lines of two texts
// of equal line count, or -1 when the counts differ.
int ChangedLines(const std::string& a, const std::string& b) {
    std::istringstream ia(a), ib(b);
    std::string la, lb;
    int changed = 0;
    while (true) {
        const bool ga = bool(std::getline(ia, la)), gb = bool(std::getline(ib, lb));
        if (ga != gb) return -1;
        if (!ga) return changed;
        if (la != lb) ++changed;
    }
}

}  // namespace

TEST_CASE("A service's duration edit changes its one line and keeps comments", "[catalogue][edit]") {
    CatalogueCopy copy;
    const std::string before = copy.Read("services.toml");
    REQUIRE(WriteEdits(copy.dir(), {{FieldEdit::Field::kTypicalMinutes, "abh.eat-collect", "25"}}).ok());
    const std::string after = copy.Read("services.toml");
    CHECK(ChangedLines(before, after) == 1);
    CHECK(after.find("id = \"abh.eat-collect\"  # collect the electronic residence card (eAT)") != std::string::npos);
    auto loaded = LoadCatalogue(copy.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->FindService("abh.eat-collect")->typical_minutes == 25);
    CHECK(loaded->FindService("abh.address-change")->typical_minutes == 10);  // the next service kept its own
    CHECK(copy.Read("offices.toml") == ReadShipped("offices.toml"));
}

TEST_CASE("A wrong value is refused with the loader's message and nothing is written", "[catalogue][edit]") {
    CatalogueCopy copy;
    const std::string before = copy.Read("services.toml");
    EditCheck check = CheckEdits(copy.dir(), {{FieldEdit::Field::kTypicalMinutes, "abh.eat-collect", "600"}});
    REQUIRE(!check.problems.empty());
    // The loader's sentence, naming the administrator's file (not the scratch copy) and the field.
    CHECK(check.problems.front().message.find("typical_minutes") != std::string::npos);
    CHECK(check.problems.front().message.find("600") != std::string::npos);
    CHECK(check.problems.front().file == (copy.dir() / "services.toml").lexically_normal().string());
    auto written = WriteEdits(copy.dir(), {{FieldEdit::Field::kTypicalMinutes, "abh.eat-collect", "600"}});
    REQUIRE(!written.ok());
    CHECK(written.error().message.find("Nothing was changed.") != std::string::npos);
    CHECK(copy.Read("services.toml") == before);

    // An unknown document and a malformed hour: the loader's messages too.
    check = CheckEdits(copy.dir(), {{FieldEdit::Field::kDocuments, "abh.eat-collect", "passport, pasport"}});
    REQUIRE(!check.problems.empty());
    CHECK(check.problems.front().message.find("pasport") != std::string::npos);
    check = CheckEdits(copy.dir(), {{FieldEdit::Field::kOfficeHours, "abh", "mon-fri 8-12"}});
    REQUIRE(!check.problems.empty());
    CHECK(check.problems.front().message.find("hours") != std::string::npos);
    check = CheckEdits(copy.dir(), {{FieldEdit::Field::kHolidays, "", "2026-12-24, 24.12.2026"}});
    REQUIRE(!check.problems.empty());
    CHECK(check.problems.front().message.find("24.12.2026") != std::string::npos);
    // Not a number, an unknown service: said before the loader runs.
    check = CheckEdits(copy.dir(), {{FieldEdit::Field::kTypicalMinutes, "abh.eat-collect", "ten"}});
    REQUIRE(check.problems.size() == 1);
    check = CheckEdits(copy.dir(), {{FieldEdit::Field::kTypicalMinutes, "abh.nope", "10"}});
    REQUIRE(check.problems.size() == 1);
    CHECK(check.problems.front().message.find("abh.nope") != std::string::npos);
}

TEST_CASE("Multi-line lists are replaced whole and missing fields are added to their block", "[catalogue][edit]") {
    CatalogueCopy copy;
    // The permit extension's documents span two lines; the holidays too.
    REQUIRE(WriteEdits(copy.dir(), {{FieldEdit::Field::kDocuments, "abh.permit-extension", "passport, photo"},
                                    {FieldEdit::Field::kHolidays, "", "2026-12-24, 2026-12-25"},
                                    {FieldEdit::Field::kOfficeHours, "abh", "mon-fri 08:00-12:00; tue,thu 13:30-16:00"},
                                    {FieldEdit::Field::kNeedsAppointment, "abh.lost-document", "true"}})
                .ok());
    auto loaded = LoadCatalogue(copy.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->FindService("abh.permit-extension")->document_ids == std::vector<std::string>{"passport", "photo"});
    CHECK(loaded->FindService("abh.lost-document")->needs_appointment);
    CHECK(loaded->holidays == std::vector<std::string>{"2026-12-24", "2026-12-25"});
    CHECK(FormatHours(loaded->office_hours.at("abh")) ==
          "mon 08:00-12:00; tue 08:00-12:00; wed 08:00-12:00; thu 08:00-12:00; fri 08:00-12:00; tue 13:30-16:00; thu 13:30-16:00");
    const std::string offices = copy.Read("offices.toml");
    CHECK(offices.find("# Public holidays (local days): no appointment slots on these days.") != std::string::npos);
    CHECK(offices.find("# appointment hours, local time") != std::string::npos);  // the hours line's comment
}

TEST_CASE("The diff of two loaded catalogues names each changed field", "[catalogue][edit]") {
    CatalogueCopy copy;
    auto before = LoadCatalogue(copy.dir());
    REQUIRE(before.ok());
    EditCheck check = CheckEdits(copy.dir(), {{FieldEdit::Field::kTypicalMinutes, "abh.eat-collect", "20"},
                                              {FieldEdit::Field::kHolidays, "", "2026-12-24"}});
    REQUIRE(check.problems.empty());
    const auto changes = Diff(before.value(), check.catalogue);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].subject == Change::Subject::kService);
    CHECK(changes[0].id == "abh.eat-collect");
    CHECK(changes[0].field == FieldEdit::Field::kTypicalMinutes);
    CHECK(changes[0].before == "10");
    CHECK(changes[0].after == "20");
    CHECK(changes[1].field == FieldEdit::Field::kHolidays);
    CHECK(changes[1].after == "2026-12-24");
    CHECK(Diff(before.value(), before.value()).empty());
}

// --- Counters, the kiosk's settings and the finder (issue 13) -------------------------------

TEST_CASE("A counter is renamed, its services ticked off, one added and one removed, and the diff names each", "[catalogue][edit][counter]") {
    CatalogueCopy copy;
    auto before = LoadCatalogue(copy.dir());
    REQUIRE(before.ok());
    const std::vector<FieldEdit> edits = {
        {FieldEdit::Field::kCounterName, "1", "Schalter 1, Eingang"},
        {FieldEdit::Field::kCounterServices, "2", "abh.eat-collect, abh.address-change"},
        {FieldEdit::Field::kCounterAdd, "7", "fsa, Schalter 7, 1. Stock"},
        {FieldEdit::Field::kCounterRemove, "6", ""},
    };
    EditCheck check = CheckEdits(copy.dir(), edits);
    for (const auto& p : check.problems) UNSCOPED_INFO(p.message);
    REQUIRE(check.problems.empty());
    const Catalogue& after = check.catalogue;
    CHECK(after.FindCounter(1)->name == "Schalter 1, Eingang");
    CHECK(after.FindCounter(2)->service_ids == std::vector<std::string>{"abh.eat-collect", "abh.address-change"});
    REQUIRE(after.FindCounter(7) != nullptr);
    CHECK(after.FindCounter(7)->office_id == "fsa");
    CHECK(after.FindCounter(7)->name == "Schalter 7, 1. Stock");
    CHECK(after.FindCounter(7)->Offers("fsa.counselling"));  // a new counter offers all its office's services
    CHECK(after.FindCounter(6) == nullptr);
    auto changes = Diff(before.value(), after);
    auto has = [&](FieldEdit::Field field, const std::string& id) {
        return std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
            return c.subject == Change::Subject::kCounter && c.field == field && c.id == id;
        });
    };
    CHECK(has(FieldEdit::Field::kCounterName, "1"));
    CHECK(has(FieldEdit::Field::kCounterServices, "2"));
    CHECK(has(FieldEdit::Field::kCounterAdd, "7"));
    CHECK(has(FieldEdit::Field::kCounterRemove, "6"));
    CHECK(changes.size() == 4);

    // Written: the files load as checked; only counters.toml changed.
    REQUIRE(WriteEdits(copy.dir(), edits).ok());
    auto loaded = LoadCatalogue(copy.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->counters.size() == 6);
    CHECK(copy.Read("counters.toml").find("# The site's counters") == 0);  // its comment stays
    CHECK(copy.Read("services.toml") == ReadShipped("services.toml"));
}

TEST_CASE("A counter edit the loader refuses changes nothing and says the loader's sentence", "[catalogue][edit][counter]") {
    CatalogueCopy copy;
    SECTION("a service of another office") {
        EditCheck check = CheckEdits(copy.dir(), {{FieldEdit::Field::kCounterServices, "1", "abh.eat-collect, fsa.counselling"}});
        REQUIRE(check.problems.size() == 1);
        CHECK(check.problems[0].message.find("counters.toml:") != std::string::npos);
        CHECK(check.problems[0].message.find("'fsa.counselling' of office 'fsa'") != std::string::npos);
    }
    SECTION("a number taken") {
        EditCheck check = CheckEdits(copy.dir(), {{FieldEdit::Field::kCounterAdd, "3", "abh, Schalter 3b"}});
        REQUIRE(check.problems.size() == 1);
        CHECK(check.problems[0].message.find("repeats a number") != std::string::npos);
    }
    SECTION("the last counter of an office removed") {
        const anl::Status written = WriteEdits(copy.dir(), {{FieldEdit::Field::kCounterRemove, "5", ""}, {FieldEdit::Field::kCounterRemove, "6", ""}});
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().message.find("no [[counter]] calls this office's visitors") != std::string::npos);
        CHECK(copy.Read("counters.toml") == ReadShipped("counters.toml"));
    }
    SECTION("an unknown counter") {
        EditCheck check = CheckEdits(copy.dir(), {{FieldEdit::Field::kCounterName, "42", "X"}});
        REQUIRE(check.problems.size() == 1);
        CHECK(check.problems[0].message.find("counter 42: no file of the catalogue defines it") != std::string::npos);
    }
}

TEST_CASE("A catalogue without counters gets counters.toml when a counter is added", "[catalogue][edit][counter]") {
    CatalogueCopy copy;
    fs::remove(copy.dir() / "counters.toml");
    const std::vector<FieldEdit> edits = {{FieldEdit::Field::kCounterAdd, "1", "abh, Schalter 1"},
                                          {FieldEdit::Field::kCounterAdd, "2", "fsa, Schalter 2"},
                                          {FieldEdit::Field::kCounterAdd, "3", "int, Schalter 3"}};
    REQUIRE(WriteEdits(copy.dir(), edits).ok());
    auto loaded = LoadCatalogue(copy.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->counters.size() == 3);
}

TEST_CASE("The kiosk's timeout, read-aloud and modes are edited in [kiosk], range-checked by the loader", "[catalogue][edit][kiosk]") {
    CatalogueCopy copy;
    auto before = LoadCatalogue(copy.dir());
    REQUIRE(before.ok());
    EditCheck refused = CheckEdits(copy.dir(), {{FieldEdit::Field::kKioskInactivity, "", "900"}});
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0].message.find("kiosk.toml:3: kiosk: field 'inactivity_seconds' is 900, but it must be between 20 and 600") !=
          std::string::npos);
    CHECK_FALSE(CheckEdits(copy.dir(), {{FieldEdit::Field::kKioskInactivity, "", "sixty"}}).problems.empty());
    const std::vector<FieldEdit> edits = {{FieldEdit::Field::kKioskInactivity, "", "90"},
                                          {FieldEdit::Field::kKioskReadAloud, "", "false"},
                                          {FieldEdit::Field::kKioskModes, "", "high-contrast, large-text"}};
    const std::string shipped = copy.Read("kiosk.toml");
    REQUIRE(WriteEdits(copy.dir(), edits).ok());
    CHECK(ChangedLines(shipped, copy.Read("kiosk.toml")) == 3);
    auto after = LoadCatalogue(copy.dir());
    REQUIRE(after.ok());
    CHECK(after->kiosk.inactivity_seconds == 90);
    CHECK_FALSE(after->kiosk.read_aloud);
    CHECK(after->kiosk.accessible_modes == std::vector<std::string>{"high-contrast", "large-text"});
    CHECK(Diff(before.value(), after.value()).size() == 3);
    // Without kiosk.toml the edit writes a [kiosk] of its own.
    fs::remove(copy.dir() / "kiosk.toml");
    REQUIRE(WriteEdits(copy.dir(), {{FieldEdit::Field::kKioskInactivity, "", "120"}}).ok());
    CHECK(LoadCatalogue(copy.dir())->kiosk.inactivity_seconds == 120);
}

TEST_CASE("A finder question's message key and an answer's service are edited and checked", "[catalogue][edit][finder]") {
    CatalogueCopy copy;
    auto before = LoadCatalogue(copy.dir());
    REQUIRE(before.ok());
    const std::vector<FieldEdit> edits = {{FieldEdit::Field::kFinderQuestionKey, "topic", "finder.topic.question-short"},
                                          {FieldEdit::Field::kFinderAnswerService, "papers/card", "abh.lost-document"}};
    EditCheck check = CheckEdits(copy.dir(), edits);
    for (const auto& p : check.problems) UNSCOPED_INFO(p.message);
    REQUIRE(check.problems.empty());
    CHECK(check.catalogue.FindFinderQuestion("topic")->question_key == "finder.topic.question-short");
    const auto& answers = check.catalogue.FindFinderQuestion("papers")->answers;
    auto card = std::find_if(answers.begin(), answers.end(), [](const FinderAnswer& a) { return a.id == "card"; });
    REQUIRE(card != answers.end());
    CHECK(card->service_id == "abh.lost-document");
    CHECK(Diff(before.value(), check.catalogue).size() == 2);
    // An answer that led to a question leads to a service now: its `next` is gone. Here the
    // question it led to is then reached by no answer, which the loader refuses.
    EditCheck orphan = CheckEdits(copy.dir(), {{FieldEdit::Field::kFinderAnswerService, "topic/papers", "abh.permit-extension"}});
    REQUIRE_FALSE(orphan.problems.empty());
    CHECK(orphan.problems[0].message.find("finder.toml:") != std::string::npos);
    CHECK(orphan.problems[0].message.find("no answer leads to this question") != std::string::npos);
    // A service that does not exist.
    EditCheck unknown = CheckEdits(copy.dir(), {{FieldEdit::Field::kFinderAnswerService, "papers/card", "abh.nothing"}});
    REQUIRE(unknown.problems.size() == 1);
    CHECK(unknown.problems[0].message.find("field 'service' names unknown service 'abh.nothing'") != std::string::npos);
    CHECK(CheckEdits(copy.dir(), {{FieldEdit::Field::kFinderQuestionKey, "topic", "Finder Topic!"}}).problems.size() == 1);
    REQUIRE(WriteEdits(copy.dir(), edits).ok());
    CHECK(LoadCatalogue(copy.dir())->FindFinderQuestion("topic")->question_key == "finder.topic.question-short");
}

TEST_CASE("A partner's fields are edited, one partner added and one removed, and the diff names each", "[catalogue][edit][partner]") {
    CatalogueCopy copy;
    auto before = LoadCatalogue(copy.dir());
    REQUIRE(before.ok());
    const std::string shipped = copy.Read("partners.toml");
    const std::vector<FieldEdit> edits = {
        {FieldEdit::Field::kPartnerName, "refugee-law-clinic", "Refugee Law Clinic Neustadt"},
        {FieldEdit::Field::kPartnerHours, "refugee-law-clinic", "Di 16–19 Uhr"},
        {FieldEdit::Field::kPartnerLanguages, "refugee-law-clinic", "de, en, uk"},
        {FieldEdit::Field::kPartnerWeb, "diakonie-asylverfahren", ""},  // no web page: the QR carries the address
        {FieldEdit::Field::kPartnerAdd, "schuldnerberatung",
         "Schuldnerberatung der Stadt | Rathausplatz 2, 34567 Neustadt | Mo–Fr 8–12 Uhr | de, tr, ar | debt | https://www.neustadt.example/schulden"},
        {FieldEdit::Field::kPartnerRemove, "refugee-law-clinic-x", ""},
    };
    // An unknown partner: named, nothing checked further.
    EditCheck unknown = CheckEdits(copy.dir(), edits);
    REQUIRE(unknown.problems.size() == 1);
    CHECK(unknown.problems[0].message.find("partner \"refugee-law-clinic-x\": no file of the catalogue defines it") != std::string::npos);

    std::vector<FieldEdit> good(edits.begin(), edits.end() - 1);
    good.push_back({FieldEdit::Field::kPartnerRemove, before->partners.back().id, ""});
    EditCheck check = CheckEdits(copy.dir(), good);
    for (const auto& p : check.problems) UNSCOPED_INFO(p.message);
    REQUIRE(check.problems.empty());
    const Catalogue& after = check.catalogue;
    const Partner* clinic = after.FindPartner("refugee-law-clinic");
    REQUIRE(clinic != nullptr);
    CHECK(clinic->name == "Refugee Law Clinic Neustadt");
    CHECK(clinic->hours == "Di 16–19 Uhr");
    CHECK(clinic->languages == std::vector<std::string>{"de", "en", "uk"});
    CHECK(after.FindPartner("diakonie-asylverfahren")->web.empty());
    CHECK(after.FindPartner("diakonie-asylverfahren")->QrText() == after.FindPartner("diakonie-asylverfahren")->address);
    const Partner* debt = after.FindPartner("schuldnerberatung");
    REQUIRE(debt != nullptr);
    CHECK(debt->address == "Rathausplatz 2, 34567 Neustadt");
    CHECK(debt->topics == std::vector<std::string>{"debt"});
    CHECK(debt->web == "https://www.neustadt.example/schulden");
    CHECK(after.FindPartner(before->partners.back().id) == nullptr);
    CHECK(after.partners.size() == before->partners.size());

    const auto changes = Diff(before.value(), after);
    auto has = [&](FieldEdit::Field field, const std::string& id) {
        return std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
            return c.subject == Change::Subject::kPartner && c.field == field && c.id == id;
        });
    };
    CHECK(has(FieldEdit::Field::kPartnerName, "refugee-law-clinic"));
    CHECK(has(FieldEdit::Field::kPartnerHours, "refugee-law-clinic"));
    CHECK(has(FieldEdit::Field::kPartnerLanguages, "refugee-law-clinic"));
    CHECK(has(FieldEdit::Field::kPartnerWeb, "diakonie-asylverfahren"));
    CHECK(has(FieldEdit::Field::kPartnerAdd, "schuldnerberatung"));
    CHECK(has(FieldEdit::Field::kPartnerRemove, before->partners.back().id));
    CHECK(changes.size() == 6);

    REQUIRE(WriteEdits(copy.dir(), good).ok());
    auto loaded = LoadCatalogue(copy.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->FindPartner("schuldnerberatung") != nullptr);
    CHECK(copy.Read("partners.toml").find("# Partner organisations") == 0);  // its comment stays
    CHECK(copy.Read("services.toml") == ReadShipped("services.toml"));
    CHECK(copy.Read("partners.toml") != shipped);
}

TEST_CASE("A partner edit the loader refuses changes nothing and says why", "[catalogue][edit][partner]") {
    CatalogueCopy copy;
    const std::string shipped = copy.Read("partners.toml");
    SECTION("a web page that is not one") {
        const anl::Status written = WriteEdits(copy.dir(), {{FieldEdit::Field::kPartnerWeb, "refugee-law-clinic", "www.example.org"}});
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().message.find("a web page starts with https://") != std::string::npos);
    }
    SECTION("a language that is no code") {
        const anl::Status written = WriteEdits(copy.dir(), {{FieldEdit::Field::kPartnerLanguages, "refugee-law-clinic", "Deutsch"}});
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().message.find("a language is a code") != std::string::npos);
    }
    SECTION("a new partner without topics") {
        const anl::Status written = WriteEdits(copy.dir(), {{FieldEdit::Field::kPartnerAdd, "neu", "Neu e. V. | Weg 1 | Mo 9–12 | de"}});
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().message.find("split by '|'") != std::string::npos);
    }
    SECTION("a new partner whose id is taken") {
        const anl::Status written =
            WriteEdits(copy.dir(), {{FieldEdit::Field::kPartnerAdd, "refugee-law-clinic", "X | Weg 1 | Mo 9–12 | de | debt"}});
        REQUIRE_FALSE(written.ok());
    }
    SECTION("a name over two lines") {
        const anl::Status written = WriteEdits(copy.dir(), {{FieldEdit::Field::kPartnerName, "refugee-law-clinic", "A\nB"}});
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().message.find("must be one line") != std::string::npos);
    }
    CHECK(copy.Read("partners.toml") == shipped);
}

TEST_CASE("The kiosks' printer is set in [kiosk], read as a printer spec, and taken out again", "[catalogue][edit][kiosk][printer]") {
    CatalogueCopy copy;
    auto before = LoadCatalogue(copy.dir());
    REQUIRE(before.ok());
    CHECK(before->kiosk.printer.empty());  // the demo has no printer
    for (const char* bad : {"lp0", "escpos:", "laser:/dev/lp0", "escpos:/dev/usb/lp0?width=62"}) {
        EditCheck refused = CheckEdits(copy.dir(), {{FieldEdit::Field::kKioskPrinter, "", bad}});
        REQUIRE(refused.problems.size() == 1);
        CHECK(refused.problems[0].message.find("escpos:/dev/usb/lp0, cups:QUEUE or png:DIR") != std::string::npos);
    }
    REQUIRE(WriteEdits(copy.dir(), {{FieldEdit::Field::kKioskPrinter, "", "escpos:/dev/usb/lp0?width=58"}}).ok());
    auto set = LoadCatalogue(copy.dir());
    REQUIRE(set.ok());
    CHECK(set->kiosk.printer == "escpos:/dev/usb/lp0?width=58");
    auto spec = ParsePrinterSpec(set->kiosk.printer);
    REQUIRE(spec.ok());
    CHECK(spec->kind == PrinterSpec::Kind::kEscPos);
    CHECK(spec->target == "/dev/usb/lp0");
    CHECK(spec->width_mm == 58);
    const auto changes = Diff(before.value(), set.value());
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].field == FieldEdit::Field::kKioskPrinter);
    CHECK(changes[0].after == "escpos:/dev/usb/lp0?width=58");
    // Empty: no printer; the key is taken out, not written empty (an empty text does not load).
    REQUIRE(WriteEdits(copy.dir(), {{FieldEdit::Field::kKioskPrinter, "", ""}}).ok());
    CHECK(LoadCatalogue(copy.dir())->kiosk.printer.empty());
    CHECK(copy.Read("kiosk.toml").find("\nprinter =") == std::string::npos);  // the comment about it stays
    // A hand-written printer the loader cannot read names file, line and the forms.
    {
        std::ofstream out(copy.dir() / "kiosk.toml", std::ios::app);
        out << "printer = \"ipp://printer\"\n";
    }
    auto refused = CheckCatalogue(copy.dir());
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0].message.find("field 'printer'") != std::string::npos);
}

// --- Site hours, pictograms and appointment slots (issue 13's remaining fields) -------------------

namespace {

// A site's configuration as published (sync/config/config.h): catalogue/ and, beside it, the
// shipped hours.toml (or none). CatalogueCopy's directory sits in the temporary directory itself,
// where an hours.toml beside it would be shared by every test.
class SiteCopy {
public:
    explicit SiteCopy(bool with_hours = true) {
        static std::atomic<int> counter{0};
        root_ = fs::temp_directory_path() / ("anl-site-edit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(root_);
        fs::create_directories(root_ / "catalogue");
        for (const auto& e : fs::directory_iterator(kShipped))
            if (e.path().extension() == ".toml") fs::copy_file(e.path(), root_ / "catalogue" / e.path().filename());
        if (with_hours) fs::copy_file(kShipped.parent_path() / "hours.toml", root_ / "hours.toml");
    }
    ~SiteCopy() { fs::remove_all(root_); }
    fs::path dir() const { return root_ / "catalogue"; }
    fs::path hours() const { return root_ / "hours.toml"; }
    std::string Read(const fs::path& file) const {
        std::ifstream in(file);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    fs::path root_;
};

}  // namespace

TEST_CASE("The site's opening hours are edited in hours.toml beside the catalogue, their one line, checked by ParseSiteHours",
          "[catalogue][edit][site-hours]") {
    SiteCopy site;
    CHECK(SiteHoursFileFor(site.dir()) == site.hours());
    CHECK(SiteHoursFileFor(site.dir() / "") == site.hours());
    auto shipped = LoadSiteHours(site.hours());
    REQUIRE(shipped.ok());
    CHECK(FormatSiteHours(shipped.value()) == "mon-fri 08:00-12:00; thu 13:00-17:30");
    const std::string before = site.Read(site.hours());

    // Thursday afternoon an hour longer: the hours line alone changes, the comments stay.
    const std::vector<FieldEdit> longer = {{FieldEdit::Field::kSiteHours, "", "mon-fri 08:00-12:00; thu 13:00-18:30"}};
    EditCheck check = CheckEdits(site.dir(), longer);
    REQUIRE(check.problems.empty());
    REQUIRE(check.site_hours.has_value());
    REQUIRE(check.files.size() == 1);
    CHECK(check.files[0].path == site.hours());
    const auto changes = Diff(shipped.value(), *check.site_hours);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].subject == Change::Subject::kSite);
    CHECK(changes[0].field == FieldEdit::Field::kSiteHours);
    CHECK(changes[0].before == "mon-fri 08:00-12:00; thu 13:00-17:30");
    CHECK(changes[0].after == "mon-fri 08:00-12:00; thu 13:00-18:30");
    REQUIRE(WriteEdits(site.dir(), longer).ok());
    const std::string after = site.Read(site.hours());
    CHECK(ChangedLines(before, after) == 1);
    CHECK(after.find("# The site's opening hours for walk-ins") != std::string::npos);
    auto saved = LoadSiteHours(site.hours());
    REQUIRE(saved.ok());
    CHECK(saved->week[3].back().close_minute == 18 * 60 + 30);
    CHECK(saved->closed_days == shipped->closed_days);
    // The catalogue's own files are untouched.
    CHECK(site.Read(site.dir() / "offices.toml") == ReadShipped("offices.toml"));

    // A closed day less and one more: the closed line, listed as days removed and added.
    const std::vector<FieldEdit> closed = {{FieldEdit::Field::kSiteClosed, "", "2026-12-24, 2026-12-25, 2027-01-01"}};
    check = CheckEdits(site.dir(), closed);
    REQUIRE(check.problems.empty());
    REQUIRE(check.site_hours.has_value());
    const auto closed_changes = Diff(saved.value(), *check.site_hours);
    REQUIRE(closed_changes.size() == 1);
    CHECK(closed_changes[0].field == FieldEdit::Field::kSiteClosed);
    CHECK(closed_changes[0].after == "2026-12-24, 2026-12-25, 2027-01-01");
}

TEST_CASE("Site hours ParseSiteHours refuses change nothing and say its sentence", "[catalogue][edit][site-hours]") {
    SiteCopy site;
    const std::string before = site.Read(site.hours());
    auto refused = [&](FieldEdit::Field field, const std::string& typed, const std::string& sentence) {
        INFO(typed);
        EditCheck check = CheckEdits(site.dir(), {{field, "", typed}});
        REQUIRE(check.problems.size() == 1);
        CHECK(check.problems[0].message.find(sentence) != std::string::npos);
        CHECK(check.problems[0].message.find(site.hours().lexically_normal().string()) != std::string::npos);
        CHECK_FALSE(check.site_hours.has_value());
        CHECK(check.files.empty());
        auto written = WriteEdits(site.dir(), {{field, "", typed}});
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().message.find("Nothing was changed.") != std::string::npos);
        CHECK(site.Read(site.hours()) == before);
    };
    refused(FieldEdit::Field::kSiteHours, "mon-fri 08:00-12:00; thu 13:00-12:00", "the closing time must come after the opening time");
    refused(FieldEdit::Field::kSiteHours, "mon-fri 08:00-12:00; mon 11:00-13:00", "hours overlap on mon");
    refused(FieldEdit::Field::kSiteHours, "weekdays 08:00-12:00", "mon, tue, wed, thu, fri, sat or sun");
    refused(FieldEdit::Field::kSiteClosed, "2026-12-24, 2026-02-30", "real calendar days");
    refused(FieldEdit::Field::kSiteClosed, "2026-12-24, 2026-12-24", "appears twice");
}

TEST_CASE("A site without hours.toml gets one when its hours are first edited", "[catalogue][edit][site-hours]") {
    SiteCopy site(false);
    auto none = LoadSiteHours(site.hours());
    REQUIRE(none.ok());
    CHECK(FormatSiteHours(none.value()).empty());
    REQUIRE(WriteEdits(site.dir(), {{FieldEdit::Field::kSiteHours, "", "mon-wed,fri 09:00-12:00"},
                                    {FieldEdit::Field::kSiteClosed, "", "2026-12-24"}})
                .ok());
    auto hours = LoadSiteHours(site.hours());
    REQUIRE(hours.ok());
    CHECK(FormatSiteHours(hours.value()) == "mon-wed,fri 09:00-12:00");
    CHECK(hours->week[3].empty());  // Thursday closed
    CHECK(hours->closed_days == std::vector<std::string>{"2026-12-24"});
}

TEST_CASE("Pictograms of a service and an office: a glyph the icon font has loads, another is the loader's refusal",
          "[catalogue][edit][pictogram]") {
    SiteCopy site;
    const std::string services = site.Read(site.dir() / "services.toml");
    const std::string offices = site.Read(site.dir() / "offices.toml");
    auto shipped = LoadCatalogue(site.dir());
    REQUIRE(shipped.ok());
    REQUIRE(shipped->FindService("abh.eat-collect")->pictogram == "credit_card");

    // A name the font has no glyph for: the loader's sentence, nothing written.
    for (const auto& edit : {FieldEdit{FieldEdit::Field::kServicePictogram, "abh.eat-collect", "credit_kard"},
                             FieldEdit{FieldEdit::Field::kOfficePictogram, "abh", "credit_kard"}}) {
        EditCheck check = CheckEdits(site.dir(), {edit});
        REQUIRE(check.problems.size() == 1);
        INFO(check.problems[0].message);
        CHECK(check.problems[0].message.find("field 'pictogram' names 'credit_kard', which is not a Material Icons glyph") !=
              std::string::npos);
        CHECK_FALSE(WriteEdits(site.dir(), {edit}).ok());
    }
    // What cannot be a name at all is said before the loader runs.
    EditCheck check = CheckEdits(site.dir(), {{FieldEdit::Field::kServicePictogram, "abh.eat-collect", "credit \"card\""}});
    REQUIRE(check.problems.size() == 1);
    CHECK(check.problems[0].message.find("Material Icons name") != std::string::npos);
    CHECK(site.Read(site.dir() / "services.toml") == services);
    CHECK(site.Read(site.dir() / "offices.toml") == offices);

    // Glyphs the font has: one line each, in the diff.
    const std::vector<FieldEdit> edits = {{FieldEdit::Field::kServicePictogram, "abh.eat-collect", "badge"},
                                          {FieldEdit::Field::kOfficePictogram, "abh", "how_to_reg"}};
    check = CheckEdits(site.dir(), edits);
    REQUIRE(check.problems.empty());
    const auto changes = Diff(shipped.value(), check.catalogue);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].field == FieldEdit::Field::kServicePictogram);
    CHECK(changes[0].before == "credit_card");
    CHECK(changes[0].after == "badge");
    CHECK(changes[1].subject == Change::Subject::kOffice);
    CHECK(changes[1].field == FieldEdit::Field::kOfficePictogram);
    CHECK(changes[1].after == "how_to_reg");
    REQUIRE(WriteEdits(site.dir(), edits).ok());
    CHECK(ChangedLines(services, site.Read(site.dir() / "services.toml")) == 1);
    CHECK(ChangedLines(offices, site.Read(site.dir() / "offices.toml")) == 1);
    auto saved = LoadCatalogue(site.dir());
    REQUIRE(saved.ok());
    CHECK(saved->FindService("abh.eat-collect")->pictogram == "badge");
    CHECK(saved->FindOffice("abh")->pictogram == "how_to_reg");
}

TEST_CASE("A service's appointment slots: length and capacity within the loader's limits, added to its block and taken out",
          "[catalogue][edit][slots]") {
    SiteCopy site;
    const std::string services = site.Read(site.dir() / "services.toml");
    auto shipped = LoadCatalogue(site.dir());
    REQUIRE(shipped.ok());
    const std::string id = "abh.permit-extension";

    auto refused = [&](FieldEdit::Field field, const std::string& typed, const std::string& sentence) {
        INFO(typed);
        EditCheck check = CheckEdits(site.dir(), {{field, id, typed}});
        REQUIRE(check.problems.size() == 1);
        CHECK(check.problems[0].message.find(sentence) != std::string::npos);
        CHECK_FALSE(WriteEdits(site.dir(), {{field, id, typed}}).ok());
        CHECK(site.Read(site.dir() / "services.toml") == services);
    };
    refused(FieldEdit::Field::kSlotMinutes, "3", "field 'slot_minutes' must be between 5 and 480");
    refused(FieldEdit::Field::kSlotMinutes, "500", "field 'slot_minutes' must be between 5 and 480");
    refused(FieldEdit::Field::kSlotCapacity, "0", "field 'slot_capacity' must be between 1 and 20");
    refused(FieldEdit::Field::kSlotCapacity, "21", "field 'slot_capacity' must be between 1 and 20");
    refused(FieldEdit::Field::kSlotCapacity, "two", "field 'slot_capacity' takes a whole number");

    const std::vector<FieldEdit> edits = {{FieldEdit::Field::kSlotMinutes, id, "45"}, {FieldEdit::Field::kSlotCapacity, id, "3"}};
    EditCheck check = CheckEdits(site.dir(), edits);
    REQUIRE(check.problems.empty());
    const auto changes = Diff(shipped.value(), check.catalogue);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].field == FieldEdit::Field::kSlotMinutes);
    CHECK(changes[0].after == "45");
    CHECK(changes[1].field == FieldEdit::Field::kSlotCapacity);
    CHECK(changes[1].after == "3");
    REQUIRE(WriteEdits(site.dir(), edits).ok());
    auto saved = LoadCatalogue(site.dir());
    REQUIRE(saved.ok());
    CHECK(saved->service_slots.at(id).slot_minutes == 45);
    CHECK(saved->service_slots.at(id).slot_capacity == 3);
    // Typed empty: the fields taken out, the defaults again, the file as shipped.
    REQUIRE(WriteEdits(site.dir(), {{FieldEdit::Field::kSlotMinutes, id, ""}, {FieldEdit::Field::kSlotCapacity, id, ""}}).ok());
    CHECK(site.Read(site.dir() / "services.toml") == services);
}
