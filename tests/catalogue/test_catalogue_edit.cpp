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
