// The service catalogue: the shipped one loads, every key it uses has German and English
// text, and every kind of broken catalogue file is reported with file, line and field.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <toml++/toml.h>

#include "kiosk/catalogue/catalogue.h"

namespace fs = std::filesystem;
using namespace anl::catalogue;

namespace {

const fs::path kShipped = fs::path(ANL_SOURCE_DIR) / "assets" / "catalogue";
const fs::path kTexts = fs::path(ANL_SOURCE_DIR) / "i18n" / "catalogs";
const char* const kLanguages[] = {"de", "en", "ar", "fa", "fa-AF", "ps", "ckb", "kmr",
                                  "tr", "ti", "so", "uk", "ru", "fr", "ka", "ro"};

// A catalogue directory of its own under the system's temp directory, removed afterwards.
// It starts as a small valid catalogue; a test overwrites one file to break it.
class TempCatalogue {
public:
    TempCatalogue() {
        static std::atomic<int> counter{0};
        dir_ = fs::temp_directory_path() /
               ("anl-catalogue-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        Write("catalogue.toml", "[catalogue]\nversion = 3\n");
        Write("offices.toml",
              "[[office]]\n"                     // 1
              "id = \"abh\"\n"                   // 2
              "ticket_prefix = \"A\"\n"          // 3
              "pictogram = \"badge\"\n"          // 4
              "waiting_area = \"hall\"\n");      // 5
        Write("services.toml",
              "[[service]]\n"                            // 1
              "id = \"abh.permit-extension\"\n"          // 2
              "office = \"abh\"\n"                       // 3
              "pictogram = \"autorenew\"\n"              // 4
              "documents = [\"passport\", \"photo\"]\n"  // 5
              "typical_minutes = 20\n");                 // 6
        Write("documents.toml",
              "[[document]]\n"             // 1
              "id = \"passport\"\n"        // 2
              "pictogram = \"book\"\n"     // 3
              "\n"                         // 4
              "[[document]]\n"             // 5
              "id = \"photo\"\n"           // 6
              "pictogram = \"portrait\"\n" // 7
        );
        Write("finder.toml", Finder("service = \"abh.permit-extension\""));
    }
    ~TempCatalogue() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    TempCatalogue(const TempCatalogue&) = delete;
    TempCatalogue& operator=(const TempCatalogue&) = delete;

    // A two-question finder; `second_target` is what the second question's answer leads to.
    static std::string Finder(const std::string& second_target) {
        return "[finder]\n"                          // 1
               "start = \"topic\"\n"                 // 2
               "\n"                                  // 3
               "[[finder.question]]\n"               // 4
               "id = \"topic\"\n"                    // 5
               "[[finder.question.answer]]\n"        // 6
               "id = \"papers\"\n"                   // 7
               "pictogram = \"badge\"\n"             // 8
               "next = \"papers\"\n"                 // 9
               "\n"                                  // 10
               "[[finder.question]]\n"               // 11
               "id = \"papers\"\n"                   // 12
               "[[finder.question.answer]]\n"        // 13
               "id = \"extend\"\n"                   // 14
               "pictogram = \"autorenew\"\n"         // 15
               + second_target + "\n";               // 16
    }

    void Write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << text;
    }
    std::string File(const std::string& name) const { return (dir_ / name).lexically_normal().string(); }
    const fs::path& dir() const { return dir_; }

    // The problems, each as its one-sentence message.
    std::vector<std::string> Problems() const {
        std::vector<std::string> messages;
        for (const auto& p : CheckCatalogue(dir_).problems) messages.push_back(p.message);
        return messages;
    }

private:
    fs::path dir_;
};

// The one problem of a catalogue that should have exactly one.
std::string OnlyProblem(const TempCatalogue& cat) {
    auto problems = cat.Problems();
    INFO("problems:\n" << [&] {
        std::string all;
        for (const auto& p : problems) all += p + "\n";
        return all;
    }());
    REQUIRE(problems.size() == 1);
    return problems.front();
}

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// Texts of one language: key -> (text, status), read straight with toml++.
std::map<std::string, std::pair<std::string, std::string>> ReadTexts(const std::string& lang) {
    std::map<std::string, std::pair<std::string, std::string>> texts;
    toml::table table = toml::parse_file((kTexts / lang / "services.toml").string());
    for (auto&& [key, node] : table) {
        const toml::table* entry = node.as_table();
        REQUIRE(entry != nullptr);
        texts[std::string(key.str())] = {(*entry)["text"].value_or(std::string()),
                                         (*entry)["status"].value_or(std::string())};
    }
    return texts;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The shipped catalogue
// ---------------------------------------------------------------------------------------

TEST_CASE("The shipped catalogue loads and validates", "[catalogue]") {
    CatalogueCheck check = CheckCatalogue(kShipped);
    for (const auto& p : check.problems) UNSCOPED_INFO(p.message);
    REQUIRE(check.problems.empty());
    const Catalogue& cat = check.catalogue;

    CHECK(cat.version >= 1);
    REQUIRE(cat.offices.size() == 3);
    CHECK(cat.FindOffice("abh") != nullptr);
    CHECK(cat.FindOffice("fsa") != nullptr);
    CHECK(cat.FindOffice("int") != nullptr);
    CHECK(cat.services.size() >= 25);

    // The mission's visitor: extend a residence permit, bring passport, photo and permit.
    const Service* extend = cat.FindService("abh.permit-extension");
    REQUIRE(extend != nullptr);
    CHECK(extend->office_id == "abh");
    CHECK(extend->name_key == "service.abh.permit-extension.name");
    CHECK_FALSE(extend->needs_appointment);
    for (const char* doc : {"passport", "photo", "current-permit"}) {
        CHECK(std::find(extend->document_ids.begin(), extend->document_ids.end(), doc) !=
              extend->document_ids.end());
    }
    CHECK(cat.FindOffice("abh")->ticket_prefix == 'A');

    // Realistic appointment-only services.
    CHECK(cat.FindService("abh.family-reunification")->needs_appointment);
    CHECK(cat.FindService("abh.naturalisation-info")->needs_appointment);

    // Every office serves something; the finder starts at a real question.
    for (const auto& office : cat.offices) {
        CHECK(std::any_of(cat.services.begin(), cat.services.end(),
                          [&](const Service& s) { return s.office_id == office.id; }));
    }
    REQUIRE(cat.FindFinderQuestion(cat.finder_start_question_id) != nullptr);
    REQUIRE(cat.priority_classes.size() == 3);
    CHECK(cat.FindPriorityClass("children")->rank > 0);

    // The counters the desks sign in at: two per office, each offering its office's services.
    REQUIRE(cat.counters.size() == 6);
    for (const auto& office : cat.offices)
        CHECK(std::count_if(cat.counters.begin(), cat.counters.end(), [&](const Counter& c) { return c.office_id == office.id; }) == 2);
    CHECK(cat.FindCounter(1)->Offers("abh.permit-extension"));
    CHECK(cat.kiosk.inactivity_seconds == 45);
}

TEST_CASE("LoadCatalogue returns the shipped catalogue and DefaultCatalogueDir finds it", "[catalogue]") {
    auto loaded = LoadCatalogue(DefaultCatalogueDir());
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.ok());
    CHECK(loaded->services.size() == LoadCatalogue(kShipped)->services.size());
}

TEST_CASE("Every translation key of the shipped catalogue has reviewed German and English text",
          "[catalogue][i18n]") {
    auto cat = LoadCatalogue(kShipped);
    REQUIRE(cat.ok());
    std::vector<std::string> keys = TranslationKeys(*cat);
    CHECK(keys.size() > 100);
    for (const char* lang : {"de", "en"}) {
        auto texts = ReadTexts(lang);
        for (const auto& key : keys) {
            INFO(lang << ": " << key);
            auto it = texts.find(key);
            REQUIRE(it != texts.end());
            CHECK_FALSE(it->second.first.empty());
            CHECK(it->second.second == "reviewed");
        }
    }
}

TEST_CASE("Every language holds exactly the catalogue's keys, each with a text and a status",
          "[catalogue][i18n]") {
    auto cat = LoadCatalogue(kShipped);
    REQUIRE(cat.ok());
    std::vector<std::string> keys = TranslationKeys(*cat);
    std::set<std::string> expected(keys.begin(), keys.end());
    for (const char* lang : kLanguages) {
        auto texts = ReadTexts(lang);
        std::set<std::string> present;
        for (const auto& [key, entry] : texts) {
            INFO(lang << ": " << key);
            present.insert(key);
            CHECK_FALSE(entry.first.empty());
            CHECK((entry.second == "draft" || entry.second == "reviewed"));
            // An ASCII apostrophe can open quoted text in ICU MessageFormat.
            CHECK(entry.first.find('\'') == std::string::npos);
        }
        INFO(lang);
        CHECK(present == expected);
    }
}

TEST_CASE("Every pictogram the shipped catalogue uses is a glyph of the installed icon font", "[catalogue]") {
    auto cat = LoadCatalogue(kShipped);
    REQUIRE(cat.ok());
    std::set<std::string> names;
    for (const auto& o : cat->offices) names.insert(o.pictogram);
    for (const auto& s : cat->services) names.insert(s.pictogram);
    for (const auto& d : cat->documents) names.insert(d.pictogram);
    for (const auto& p : cat->priority_classes) names.insert(p.pictogram);
    for (const auto& q : cat->finder_questions) {
        for (const auto& a : q.answers) names.insert(a.pictogram);
    }

    FT_Library library = nullptr;
    REQUIRE(FT_Init_FreeType(&library) == 0);
    FT_Face face = nullptr;
    const char* font = "/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf";
    INFO("the font comes with the Debian package fonts-material-design-icons-iconfont");
    REQUIRE(FT_New_Face(library, font, 0, &face) == 0);
    for (const auto& name : names) {
        INFO(name);
        auto codepoint = PictogramCodepoint(name);
        REQUIRE(codepoint.has_value());
        CHECK(FT_Get_Char_Index(face, *codepoint) != 0);
    }
    FT_Done_Face(face);
    FT_Done_FreeType(library);
}

TEST_CASE("PictogramCodepoint knows Material Icons names and nothing else", "[catalogue]") {
    CHECK(PictogramCodepoint("badge") == char32_t{0xea67});
    CHECK(PictogramCodepoint("pregnant_woman") == char32_t{0xe91e});
    CHECK_FALSE(PictogramCodepoint("bagde").has_value());
    CHECK_FALSE(PictogramCodepoint("").has_value());
}

// ---------------------------------------------------------------------------------------
// Broken catalogues: every problem names file, line and field
// ---------------------------------------------------------------------------------------

TEST_CASE("The small test catalogue is valid, so each broken variant fails for one reason", "[catalogue]") {
    TempCatalogue cat;
    CHECK(cat.Problems().empty());
    auto loaded = LoadCatalogue(cat.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->version == 3);
    CHECK(loaded->offices[0].waiting_area_key == "waiting-area.hall.name");
    CHECK(loaded->finder_questions[1].answers[0].label_key == "finder.papers.answer.extend");
}

TEST_CASE("A missing field names the table's line and the field", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("services.toml",
              "[[service]]\n"
              "id = \"abh.permit-extension\"\n"
              "pictogram = \"autorenew\"\n"
              "documents = []\n"
              "typical_minutes = 20\n");
    // The office no longer serves anything either (reported first: offices.toml sorts first).
    auto problems = cat.Problems();
    REQUIRE(problems.size() == 2);
    CHECK_THAT(problems[0], StartsWith(cat.File("offices.toml") + ":2: office 'abh': no [[service]]"));
    CHECK(problems[1] == cat.File("services.toml") +
                             ":1: service 'abh.permit-extension': field 'office' is missing; it must "
                             "hold the id of the office that serves it");
}

TEST_CASE("A field of the wrong type names the value's line", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("services.toml",
              "[[service]]\n"
              "id = \"abh.permit-extension\"\n"
              "office = \"abh\"\n"
              "pictogram = \"autorenew\"\n"
              "documents = [\"passport\"]\n"
              "typical_minutes = \"20\"\n");
    CHECK(OnlyProblem(cat) == cat.File("services.toml") +
                                  ":6: service 'abh.permit-extension': field 'typical_minutes' must be a whole "
                                  "number, not text");
}

TEST_CASE("An unknown office names the service, the field and the office", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("offices.toml",
              "[[office]]\nid = \"abh\"\nticket_prefix = \"A\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n"
              "[[office]]\nid = \"fsa\"\nticket_prefix = \"S\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n");
    cat.Write("services.toml",
              "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
              "documents = []\ntypical_minutes = 20\n"
              "\n"
              "[[service]]\n"                         // 8
              "id = \"fsa.counselling\"\n"            // 9
              "office = \"fsx\"\n"                    // 10
              "pictogram = \"support_agent\"\n"
              "documents = []\n"
              "typical_minutes = 30\n");
    auto problems = cat.Problems();
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == cat.File("offices.toml") +
                             ":7: office 'fsa': no [[service]] names this office; a visitor could not choose it");
    CHECK(problems[1] == cat.File("services.toml") +
                             ":10: service 'fsa.counselling': field 'office' names unknown office 'fsx'");
}

TEST_CASE("An unknown document names the line of the list entry", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("services.toml",
              "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
              "documents = [\"passport\",\n"  // 5
              "             \"pasport\"]\n"   // 6
              "typical_minutes = 20\n");
    CHECK(OnlyProblem(cat) == cat.File("services.toml") +
                                  ":6: service 'abh.permit-extension': field 'documents' names unknown document "
                                  "'pasport'");
}

TEST_CASE("A duplicate id names both places", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("documents.toml",
              "[[document]]\nid = \"passport\"\npictogram = \"book\"\n"
              "[[document]]\nid = \"photo\"\npictogram = \"portrait\"\n"
              "[[document]]\n"          // 7
              "id = \"passport\"\n"     // 8
              "pictogram = \"book\"\n");
    CHECK(OnlyProblem(cat) == cat.File("documents.toml") +
                                  ":8: document 'passport': field 'id' repeats an id first used at " +
                                  cat.File("documents.toml") + ":2; every document needs its own id");
}

TEST_CASE("Duplicate ids across files are found too", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("more-services.toml",
              "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
              "documents = []\ntypical_minutes = 20\n");
    std::string problem = OnlyProblem(cat);
    CHECK_THAT(problem, StartsWith(cat.File("services.toml") + ":2: service 'abh.permit-extension': field 'id'"));
    CHECK_THAT(problem, Contains(cat.File("more-services.toml") + ":2"));
}

TEST_CASE("A finder loop names the answer that closes it", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("finder.toml", TempCatalogue::Finder("next = \"topic\""));
    CHECK(OnlyProblem(cat) == cat.File("finder.toml") +
                                  ":16: answer 'papers/extend': field 'next' leads back to question 'topic', a "
                                  "loop a visitor could never leave (topic -> papers -> topic)");
}

TEST_CASE("A finder question that leads to itself is a loop", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("finder.toml", TempCatalogue::Finder("next = \"papers\""));
    CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("finder.toml") + ":16: answer 'papers/extend': field 'next' "
                                                                        "leads back to question 'papers'"));
}

TEST_CASE("A finder answer to an unknown service or question names it", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("finder.toml", TempCatalogue::Finder("service = \"abh.permit-extensoin\""));
    CHECK(OnlyProblem(cat) == cat.File("finder.toml") +
                                  ":16: answer 'papers/extend': field 'service' names unknown service "
                                  "'abh.permit-extensoin'");
    cat.Write("finder.toml", TempCatalogue::Finder("next = \"nowhere\""));
    CHECK(OnlyProblem(cat) == cat.File("finder.toml") +
                                  ":16: answer 'papers/extend': field 'next' names unknown question 'nowhere'");
}

TEST_CASE("A finder answer must lead to exactly one of a question or a service", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("finder.toml", TempCatalogue::Finder("# leads nowhere"));
    CHECK(OnlyProblem(cat) == cat.File("finder.toml") +
                                  ":13: answer 'papers/extend': field 'next' or 'service' is missing; every "
                                  "answer must lead to a question or a service");
    cat.Write("finder.toml", TempCatalogue::Finder("service = \"abh.permit-extension\"\nnext = \"topic\""));
    CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("finder.toml") + ":16: answer 'papers/extend': an answer "
                                                                        "leads either to a question"));
}

TEST_CASE("A finder question written wrongly names the TOML it needs", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("finder.toml", TempCatalogue::Finder("service = \"abh.permit-extension\"") +
                                 "\n[[finder.question]]\n"  // 18
                                 "id = \"odd\"\n"          // 19
                                 "answer = \"yes\"\n");    // 20
    auto problems = cat.Problems();
    std::string expected = cat.File("finder.toml") +
                           ":20: finder question 'odd': field 'answer' must be a list of "
                           "[[finder.question.answer]] tables, not text";
    INFO(problems.size() << " problems, the first: " << (problems.empty() ? "" : problems.front()));
    CHECK(std::find(problems.begin(), problems.end(), expected) != problems.end());
}

TEST_CASE("A finder question nobody can reach, or without answers, is reported", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("finder.toml", TempCatalogue::Finder("service = \"abh.permit-extension\"") +
                                 "\n[[finder.question]]\n"  // 18
                                 "id = \"lonely\"\n"        // 19
                                 "answer = []\n");
    auto problems = cat.Problems();
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == cat.File("finder.toml") +
                             ":18: finder question 'lonely': it has no answers, so a visitor would be stuck there");
    CHECK(problems[1] == cat.File("finder.toml") +
                             ":19: finder question 'lonely': no answer leads to this question from the start "
                             "question 'topic'");
}

TEST_CASE("A TOML syntax error names the file and line", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("documents.toml",
              "[[document]]\nid = \"passport\"\npictogram = \"book\"\n"
              "[[document]]\n"
              "id = \"photo\n"  // 5: unterminated string
              "pictogram = \"portrait\"\n");
    auto problems = cat.Problems();
    REQUIRE_FALSE(problems.empty());
    CHECK_THAT(problems.front(), StartsWith(cat.File("documents.toml") + ":5: this is not valid TOML: "));
}

TEST_CASE("An unknown pictogram names the field and where the list of names is", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("offices.toml",
              "[[office]]\nid = \"abh\"\nticket_prefix = \"A\"\n"
              "pictogram = \"bagde\"\n"  // 4
              "waiting_area = \"hall\"\n");
    CHECK(OnlyProblem(cat) == cat.File("offices.toml") +
                                  ":4: office 'abh': field 'pictogram' names 'bagde', which is not a Material "
                                  "Icons glyph of the installed font (see kiosk/catalogue/material-icons.txt)");
}

TEST_CASE("A misspelt field is named, not ignored", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("services.toml",
              "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
              "documents = []\ntypical_minutes = 20\n"
              "needs_apointment = true\n");  // 7
    CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("services.toml") +
                                            ":7: service 'abh.permit-extension': field 'needs_apointment' is not "
                                            "a field of a service"));
}

TEST_CASE("Ticket prefixes must be one letter and differ between offices", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("offices.toml",
              "[[office]]\nid = \"abh\"\nticket_prefix = \"A\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n"
              "[[office]]\nid = \"fsa\"\n"
              "ticket_prefix = \"A\"\n"  // 8
              "pictogram = \"badge\"\nwaiting_area = \"hall\"\n");
    cat.Write("more-services.toml",
              "[[service]]\nid = \"fsa.counselling\"\noffice = \"fsa\"\npictogram = \"support_agent\"\n"
              "documents = []\ntypical_minutes = 30\n");
    CHECK(OnlyProblem(cat) == cat.File("offices.toml") +
                                  ":8: office 'fsa': field 'ticket_prefix' uses 'A', which office 'abh' already "
                                  "uses; each office needs its own letter");
    cat.Write("offices.toml",
              "[[office]]\nid = \"abh\"\nticket_prefix = \"a\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n"
              "[[office]]\nid = \"fsa\"\nticket_prefix = \"S\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n");
    CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("offices.toml") + ":3: office 'abh': field 'ticket_prefix' "
                                                                         "is 'a'"));
}

TEST_CASE("typical_minutes must be sane", "[catalogue][bad]") {
    TempCatalogue cat;
    for (const char* minutes : {"0", "-5", "600"}) {
        cat.Write("services.toml",
                  std::string("[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\n"
                              "pictogram = \"autorenew\"\ndocuments = []\n") +
                      "typical_minutes = " + minutes + "\n");
        CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("services.toml") +
                                                ":6: service 'abh.permit-extension': field 'typical_minutes' is " +
                                                minutes + ", but it must be between 1 and 240 minutes"));
    }
}

TEST_CASE("A malformed id is rejected before it becomes a key", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("documents.toml",
              "[[document]]\nid = \"passport\"\npictogram = \"book\"\n"
              "[[document]]\nid = \"Photo ID\"\npictogram = \"portrait\"\n");
    auto problems = cat.Problems();
    REQUIRE_FALSE(problems.empty());
    CHECK_THAT(problems.front(), StartsWith(cat.File("documents.toml") + ":5: document: field 'id' is 'Photo ID'"));
}

TEST_CASE("A catalogue without a version, or an unknown table, is reported", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("catalogue.toml", "[catalog]\nversion = 3\n");
    auto problems = cat.Problems();
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == cat.dir().lexically_normal().string() +
                             ": no file holds [catalogue] with its version number");
    CHECK_THAT(problems[1], StartsWith(cat.File("catalogue.toml") + ":1: 'catalog' is not part of a catalogue"));
}

TEST_CASE("A missing or empty directory gives one clear sentence", "[catalogue][bad]") {
    auto missing = LoadCatalogue("/nonexistent/anlaufstelle/catalogue");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == anl::ErrorCode::kInvalidInput);
    CHECK_THAT(missing.error().message, StartsWith("/nonexistent/anlaufstelle/catalogue: this catalogue directory "
                                                   "does not exist"));
    TempCatalogue cat;
    for (const char* name : {"catalogue.toml", "offices.toml", "services.toml", "documents.toml", "finder.toml"}) {
        fs::remove(cat.dir() / name);
    }
    CHECK_THAT(OnlyProblem(cat), Contains("holds no *.toml files"));
}

TEST_CASE("LoadCatalogue reports the first problem and how many more there are", "[catalogue][bad]") {
    TempCatalogue cat;
    cat.Write("services.toml",
              "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abx\"\npictogram = \"autorenw\"\n"
              "documents = []\ntypical_minutes = 20\n");
    auto loaded = LoadCatalogue(cat.dir());
    REQUIRE_FALSE(loaded.ok());
    // offices.toml (no service names abh) sorts before services.toml (pictogram, office).
    CHECK_THAT(loaded.error().message, StartsWith(cat.File("offices.toml") + ":2: office 'abh'"));
    CHECK_THAT(loaded.error().message, Contains("(and 2 more; `anlaufstelle-ctl catalogue validate --dir"));
}

TEST_CASE("An explicit translation key replaces the derived one", "[catalogue]") {
    TempCatalogue cat;
    cat.Write("documents.toml",
              "[[document]]\nid = \"passport\"\npictogram = \"book\"\ntitle_key = \"doc.id-document.title\"\n"
              "[[document]]\nid = \"photo\"\npictogram = \"portrait\"\n");
    auto loaded = LoadCatalogue(cat.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->FindDocument("passport")->title_key == "doc.id-document.title");
    CHECK(loaded->FindDocument("photo")->title_key == "doc.photo.title");
    auto keys = TranslationKeys(*loaded);
    CHECK(std::count(keys.begin(), keys.end(), "doc.id-document.title") == 1);
}

TEST_CASE("Odd and hostile catalogue files give problems with a line, never a crash", "[catalogue][bad]") {
    // Each text replaces services.toml; whatever is wrong must be reported against that file
    // with a line number (the rest of the small catalogue stays valid).
    const std::string base = "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\n"
                             "pictogram = \"autorenew\"\ndocuments = []\ntypical_minutes = 20\n";
    const std::vector<std::string> inputs = {
        base + "[[service]]\n",                                    // an empty service
        base + "service = 5\n",                                    // redefines the array: TOML error
        "service = 5\n" + std::string("[[office]]\nid = \"x\"\n"), // wrong kind of service
        base + "[[document]]\nid = 7\npictogram = [\"book\"]\n",   // wrong types in a document
        base + "[[priority]]\nid = \"p\"\nrank = 99999999999999\npictogram = \"accessible\"\n",
        base + "[[priority]]\nid = \"p\"\nrank = 1.5\npictogram = \"accessible\"\n",
        base + "[finder]\nstart = 1\nquestion = \"x\"\n",
        base + "[finder]\nstart = \"q\"\n[[finder.question]]\nid = \"q\"\n[[finder.question.answer]]\n"
               "id = \"a\"\npictogram = \"badge\"\nnext = \"\"\n",
        base + "[catalogue]\nversion = \"one\"\n",
        "[[service]]\nid = \"\xff\xfe\"\n",                       // not UTF-8
        std::string("[[service]]\nid = \"a\0b\"\n", 22),           // a NUL byte
        base + "x = { y = { z = { w = [[[[[[1]]]]]] } } }\n",
        base + "[[service]]\nid = \"abh..double-dot\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
               "documents = []\ntypical_minutes = 20\n",
        base + "[[service]]\nid = \"abh.x\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
               "documents = \"passport\"\ntypical_minutes = 20\nneeds_appointment = \"yes\"\n",
    };
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        TempCatalogue cat;
        cat.Write("services.toml", inputs[i]);
        CatalogueCheck check = CheckCatalogue(cat.dir());
        INFO("input " << i << ":\n" << inputs[i]);
        REQUIRE_FALSE(check.problems.empty());
        bool named_the_file = false;
        for (const auto& p : check.problems) {
            INFO(p.message);
            // Follow-on problems (an office nobody serves) may name other files or the directory.
            if (p.line > 0) {
                CHECK_THAT(p.message, StartsWith(p.file + ":" + std::to_string(p.line) + ": "));
            } else {
                CHECK_THAT(p.message, StartsWith(p.file + ": "));
            }
            named_the_file |= p.file == cat.File("services.toml") && p.line > 0;
        }
        CHECK(named_the_file);
    }
}

// --- partners (partners.toml) ------------------------------------------------------------

TEST_CASE("The shipped partner directory loads: names, hours, languages and topics as written", "[catalogue][partner]") {
    auto loaded = LoadCatalogue(kShipped);
    REQUIRE(loaded.ok());
    const Catalogue& cat = *loaded;
    REQUIRE(cat.partners.size() >= 10);
    const Partner* law = cat.FindPartner("refugee-law-clinic");
    REQUIRE(law != nullptr);
    CHECK(law->name == "Refugee Law Clinic Neustadt e. V.");
    CHECK(law->address == "Universitätsstraße 14, 34567 Neustadt");
    CHECK(law->QrText() == "https://www.rlc-neustadt.example/beratung");
    CHECK(std::find(law->languages.begin(), law->languages.end(), "fa") != law->languages.end());
    // A partner without a web page gives its address to the slip's QR.
    const Partner* bruecke = cat.FindPartner("migrantenverein-bruecke");
    REQUIRE(bruecke != nullptr);
    CHECK(bruecke->QrText() == bruecke->address);
    // Topics find their partners, in file order.
    auto asylum = cat.PartnersFor("asylum-law");
    REQUIRE(asylum.size() == 2);
    CHECK(asylum[0]->id == "refugee-law-clinic");
    CHECK(asylum[1]->id == "diakonie-asylverfahren");
    CHECK(cat.PartnersFor("no-such-topic").empty());
    CHECK(cat.FindPartner("nobody") == nullptr);
    // Help the centre gives itself is not what partners are for: no partner topic is a service id.
    for (const auto& p : cat.partners)
        for (const auto& t : p.topics) CHECK(cat.FindService(t) == nullptr);
}

namespace {
std::string PartnerToml(const std::string& extra, const std::string& languages = "[\"de\", \"ar\"]",
                        const std::string& web = "\"https://www.partner.example\"") {
    return "[[partner]]\n"                                       // 1
           "id = \"law-clinic\"\n"                               // 2
           "name = \"Law Clinic e. V.\"\n"                       // 3
           "address = \"Hauptstraße 1, 34567 Neustadt\"\n"       // 4
           "hours = \"Di 16–19 Uhr\"\n"                          // 5
           "languages = " + languages + "\n"                     // 6
           "topics = [\"asylum-law\"]\n"                         // 7
           "web = " + web + "\n"                                 // 8
           + extra;                                              // 9
}
}  // namespace

TEST_CASE("A valid partner file loads into the test catalogue", "[catalogue][partner]") {
    TempCatalogue cat;
    cat.Write("partners.toml", PartnerToml(""));
    auto loaded = LoadCatalogue(cat.dir());
    REQUIRE(loaded.ok());
    REQUIRE(loaded->partners.size() == 1);
    CHECK(loaded->partners[0].hours == "Di 16–19 Uhr");
    CHECK(loaded->partners[0].languages == std::vector<std::string>{"de", "ar"});
}

TEST_CASE("A malformed partner names file, line and field", "[catalogue][partner][bad]") {
    TempCatalogue cat;
    SECTION("a missing name") {
        cat.Write("partners.toml", "[[partner]]\nid = \"x\"\naddress = \"a\"\nhours = \"h\"\nlanguages = [\"de\"]\n"
                                   "topics = [\"debt\"]\n");
        CHECK(OnlyProblem(cat) == cat.File("partners.toml") +
                                      ":1: partner 'x': field 'name' is missing; it must hold the organisation's "
                                      "name as it writes it");
    }
    SECTION("a language that is not a code") {
        cat.Write("partners.toml", PartnerToml("", "[\"de\", \"Arabic\"]"));
        CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("partners.toml") +
                                                ":6: partner 'law-clinic': field 'languages' has 'Arabic'"));
    }
    SECTION("no language at all") {
        cat.Write("partners.toml", PartnerToml("", "[]"));
        CHECK_THAT(OnlyProblem(cat), Contains(":6: partner 'law-clinic': field 'languages' is empty"));
    }
    SECTION("a web page that is not one") {
        cat.Write("partners.toml", PartnerToml("", "[\"de\"]", "\"www.partner.example\""));
        CHECK_THAT(OnlyProblem(cat), Contains(":8: partner 'law-clinic': field 'web' is 'www.partner.example', "
                                              "but a web page starts with https://"));
    }
    SECTION("a name over two lines") {
        cat.Write("partners.toml", PartnerToml("").replace(PartnerToml("").find("Law Clinic"), 3, "Law\\n"));
        CHECK_THAT(OnlyProblem(cat), Contains(":3: partner 'law-clinic': field 'name' must be one line"));
    }
    SECTION("a misspelt field") {
        cat.Write("partners.toml", PartnerToml("phone = \"0123\"\n"));
        CHECK_THAT(OnlyProblem(cat), Contains(":9: partner 'law-clinic': field 'phone' is not a field of a partner"));
    }
    SECTION("a topic that is not an id") {
        cat.Write("partners.toml", PartnerToml("").replace(PartnerToml("").find("asylum-law"), 10, "Asylum Law"));
        CHECK_THAT(OnlyProblem(cat), Contains(":7: partner 'law-clinic': field 'topics' has 'Asylum Law'"));
    }
    SECTION("the same id twice") {
        cat.Write("partners.toml", PartnerToml("\n") + PartnerToml(""));
        CHECK_THAT(OnlyProblem(cat), Contains(":11: partner 'law-clinic': field 'id' repeats an id first used at " +
                                              cat.File("partners.toml") + ":2"));
    }
    SECTION("partner written as a table, not [[partner]]") {
        cat.Write("partners.toml", "[partner]\nid = \"x\"\n");
        CHECK_THAT(OnlyProblem(cat), Contains("'partner' must be written as [[partner]] tables"));
    }
}

TEST_CASE("Visitor feedback reasons: the defaults, a site's own list, and what the loader refuses",
          "[catalogue][feedback]") {
    TempCatalogue cat;
    SECTION("no [feedback]: the four default reasons, each with its text key") {
        auto loaded = LoadCatalogue(cat.dir());
        REQUIRE(loaded.ok());
        CHECK(loaded->feedback.reasons ==
              std::vector<std::string>{"waiting-time", "friendliness", "understood-everything", "needed-interpreter"});
        auto keys = TranslationKeys(*loaded);
        CHECK(std::count(keys.begin(), keys.end(), "feedback.reason.needed-interpreter") == 1);
    }
    SECTION("a site's own list replaces the defaults") {
        cat.Write("feedback.toml", "[feedback]\nreasons = [\"waiting-time\", \"signage\"]\n");
        auto loaded = LoadCatalogue(cat.dir());
        REQUIRE(loaded.ok());
        CHECK(loaded->feedback.reasons == std::vector<std::string>{"waiting-time", "signage"});
        CHECK_FALSE(loaded->feedback.HasReason("friendliness"));
    }
    SECTION("a reason twice") {
        cat.Write("feedback.toml", "[feedback]\nreasons = [\"signage\", \"signage\"]\n");
        CHECK_THAT(OnlyProblem(cat), Contains(":2: feedback: field 'reasons' lists 'signage' twice"));
    }
    SECTION("a reason that is not an id") {
        cat.Write("feedback.toml", "[feedback]\nreasons = [\"Rude staff!\"]\n");
        CHECK_THAT(OnlyProblem(cat), Contains("field 'reasons' has 'Rude staff!'"));
    }
    SECTION("an empty list and a list too long to take in") {
        cat.Write("feedback.toml", "[feedback]\nreasons = []\n");
        CHECK_THAT(OnlyProblem(cat), Contains("field 'reasons' must list 1 to 8 reasons"));
        cat.Write("feedback.toml", "[feedback]\nreasons = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\"]\n");
        CHECK_THAT(OnlyProblem(cat), Contains("field 'reasons' must list 1 to 8 reasons"));
    }
    SECTION("a misspelt field, and [feedback] written twice") {
        cat.Write("feedback.toml", "[feedback]\nreasons = [\"signage\"]\nfree_text = true\n");
        CHECK_THAT(OnlyProblem(cat), Contains("field 'free_text' is not a field of"));
        cat.Write("feedback.toml", "[feedback]\nreasons = [\"signage\"]\n");
        cat.Write("feedback2.toml", "[feedback]\nreasons = [\"signage\"]\n");
        CHECK_THAT(OnlyProblem(cat), Contains("[feedback] is written twice"));
    }
}

// --- Counters and the kiosk's settings (issue 13) -----------------------------------------

TEST_CASE("Counters load with their office, name and the services offered there", "[catalogue][counter]") {
    TempCatalogue cat;
    cat.Write("counters.toml",
              "[[counter]]\nnumber = 7\noffice = \"abh\"\nname = \"Schalter 7, Erdgeschoss\"\n"
              "services = [\"abh.permit-extension\"]\n");
    auto loaded = LoadCatalogue(cat.dir());
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.ok());
    REQUIRE(loaded->counters.size() == 1);
    const Counter* counter = loaded->FindCounter(7);
    REQUIRE(counter != nullptr);
    CHECK(counter->office_id == "abh");
    CHECK(counter->name == "Schalter 7, Erdgeschoss");
    CHECK(counter->Offers("abh.permit-extension"));
    CHECK(loaded->FindCounter(8) == nullptr);
}

TEST_CASE("A counter with an unknown office or service names file, line and what is unknown", "[catalogue][counter][bad]") {
    TempCatalogue cat;
    cat.Write("counters.toml",
              "[[counter]]\n"                                             // 1
              "number = 1\n"                                              // 2
              "office = \"abx\"\n"                                        // 3
              "name = \"Schalter 1\"\n"                                   // 4
              "services = [\"abh.permit-extension\",\n"                   // 5
              "            \"abh.permit-extensio\"]\n"                    // 6
              "\n"                                                        // 7
              "[[counter]]\n"                                             // 8
              "number = 2\n"                                              // 9
              "office = \"abh\"\n"                                        // 10
              "name = \"Schalter 2\"\n"                                   // 11
              "services = [\"abh.permit-extension\"]\n");                 // 12
    auto problems = cat.Problems();
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == cat.File("counters.toml") + ":3: counter '1': field 'office' names unknown office 'abx'");
    CHECK(problems[1] == cat.File("counters.toml") + ":6: counter '1': field 'services' names unknown service 'abh.permit-extensio'");
}

TEST_CASE("Two counters with one number name both places", "[catalogue][counter][bad]") {
    TempCatalogue cat;
    cat.Write("counters.toml",
              "[[counter]]\nnumber = 4\noffice = \"abh\"\nname = \"Schalter 4\"\nservices = [\"abh.permit-extension\"]\n"
              "\n"
              "[[counter]]\n"     // 7
              "number = 4\n"      // 8
              "office = \"abh\"\nname = \"Schalter 4b\"\nservices = [\"abh.permit-extension\"]\n");
    CHECK(OnlyProblem(cat) == cat.File("counters.toml") + ":8: counter '4': field 'number' repeats a number first used at " +
                                  cat.File("counters.toml") + ":2; every counter needs its own number");
}

TEST_CASE("A counter's number, name and services are checked one by one", "[catalogue][counter][bad]") {
    TempCatalogue cat;
    SECTION("a number outside 1-999") {
        cat.Write("counters.toml", "[[counter]]\nnumber = 1000\noffice = \"abh\"\nname = \"X\"\nservices = [\"abh.permit-extension\"]\n");
        CHECK(OnlyProblem(cat) == cat.File("counters.toml") + ":2: counter: field 'number' is 1000, but a counter's number is 1 to 999");
    }
    SECTION("a name over two lines") {
        cat.Write("counters.toml", "[[counter]]\nnumber = 1\noffice = \"abh\"\nname = \"Schalter\\n1\"\nservices = [\"abh.permit-extension\"]\n");
        CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("counters.toml") + ":4: counter '1': field 'name' must be one line"));
    }
    SECTION("no service") {
        cat.Write("counters.toml", "[[counter]]\nnumber = 1\noffice = \"abh\"\nname = \"Schalter 1\"\nservices = []\n");
        CHECK(OnlyProblem(cat) == cat.File("counters.toml") + ":5: counter '1': field 'services' is empty; a counter offers at least one service");
    }
    SECTION("a service of another office") {
        cat.Write("offices.toml",
                  "[[office]]\nid = \"abh\"\nticket_prefix = \"A\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n"
                  "[[office]]\nid = \"fsa\"\nticket_prefix = \"S\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n");
        cat.Write("services.toml",
                  "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
                  "documents = []\ntypical_minutes = 20\n"
                  "[[service]]\nid = \"fsa.counselling\"\noffice = \"fsa\"\npictogram = \"support_agent\"\n"
                  "documents = []\ntypical_minutes = 30\n");
        cat.Write("counters.toml",
                  "[[counter]]\nnumber = 1\noffice = \"abh\"\nname = \"Schalter 1\"\nservices = [\"abh.permit-extension\", \"fsa.counselling\"]\n"
                  "[[counter]]\nnumber = 2\noffice = \"fsa\"\nname = \"Schalter 2\"\nservices = [\"fsa.counselling\"]\n");
        CHECK(OnlyProblem(cat) == cat.File("counters.toml") +
                                      ":5: counter '1': field 'services' names 'fsa.counselling' of office 'fsa', but this "
                                      "counter calls the visitors of office 'abh'");
    }
    SECTION("an office without a counter, once counters are written") {
        cat.Write("offices.toml",
                  "[[office]]\nid = \"abh\"\nticket_prefix = \"A\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n"
                  "[[office]]\n"          // 6
                  "id = \"fsa\"\n"        // 7
                  "ticket_prefix = \"S\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n");
        cat.Write("services.toml",
                  "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abh\"\npictogram = \"autorenew\"\n"
                  "documents = []\ntypical_minutes = 20\n"
                  "[[service]]\nid = \"fsa.counselling\"\noffice = \"fsa\"\npictogram = \"support_agent\"\n"
                  "documents = []\ntypical_minutes = 30\n");
        cat.Write("counters.toml", "[[counter]]\nnumber = 1\noffice = \"abh\"\nname = \"Schalter 1\"\nservices = [\"abh.permit-extension\"]\n");
        CHECK(OnlyProblem(cat) == cat.File("offices.toml") + ":7: office 'fsa': no [[counter]] calls this office's visitors; add a counter for it");
    }
}

TEST_CASE("The kiosk's settings load, and without [kiosk] the defaults hold", "[catalogue][kiosk]") {
    TempCatalogue cat;
    auto defaults = LoadCatalogue(cat.dir());
    REQUIRE(defaults.ok());
    CHECK(defaults->kiosk.inactivity_seconds == 45);
    CHECK(defaults->kiosk.read_aloud);
    CHECK(defaults->kiosk.accessible_modes.size() == 4);
    cat.Write("kiosk.toml", "[kiosk]\ninactivity_seconds = 90\nread_aloud = false\naccessible_modes = [\"large-text\"]\n");
    auto loaded = LoadCatalogue(cat.dir());
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.ok());
    CHECK(loaded->kiosk.inactivity_seconds == 90);
    CHECK_FALSE(loaded->kiosk.read_aloud);
    CHECK(loaded->kiosk.accessible_modes == std::vector<std::string>{"large-text"});
    CHECK(loaded->kiosk.Offers("large-text"));
    CHECK_FALSE(loaded->kiosk.Offers("high-contrast"));
}

TEST_CASE("The kiosk's settings are range-checked with file and line", "[catalogue][kiosk][bad]") {
    TempCatalogue cat;
    SECTION("a timeout under 20 seconds") {
        cat.Write("kiosk.toml", "# the kiosk\n[kiosk]\ninactivity_seconds = 10\n");
        CHECK(OnlyProblem(cat) == cat.File("kiosk.toml") +
                                      ":3: kiosk: field 'inactivity_seconds' is 10, but it must be between 20 and 600 seconds");
    }
    SECTION("a timeout over 600 seconds") {
        cat.Write("kiosk.toml", "[kiosk]\ninactivity_seconds = 601\n");
        CHECK_THAT(OnlyProblem(cat), StartsWith(cat.File("kiosk.toml") + ":2: kiosk: field 'inactivity_seconds' is 601"));
    }
    SECTION("an unknown mode, and one listed twice") {
        cat.Write("kiosk.toml", "[kiosk]\naccessible_modes = [\"large-text\",\n  \"big-text\",\n  \"large-text\"]\n");
        auto problems = cat.Problems();
        REQUIRE(problems.size() == 2);
        CHECK_THAT(problems[0], StartsWith(cat.File("kiosk.toml") + ":3: kiosk: field 'accessible_modes' has 'big-text', which is not a mode"));
        CHECK(problems[1] == cat.File("kiosk.toml") + ":4: kiosk: field 'accessible_modes' lists 'large-text' twice");
    }
    SECTION("read_aloud of the wrong type, a misspelt field") {
        cat.Write("kiosk.toml", "[kiosk]\nread_aloud = \"yes\"\ninactivity = 60\n");
        auto problems = cat.Problems();
        REQUIRE(problems.size() == 2);
        CHECK(problems[0] == cat.File("kiosk.toml") + ":2: kiosk: field 'read_aloud' must be true or false, not text");
        CHECK_THAT(problems[1], StartsWith(cat.File("kiosk.toml") + ":3: kiosk: field 'inactivity' is not a field of a kiosk"));
    }
    SECTION("written twice") {
        cat.Write("kiosk.toml", "[kiosk]\ninactivity_seconds = 60\n");
        cat.Write("kiosk2.toml", "[kiosk]\nread_aloud = false\n");
        CHECK(OnlyProblem(cat) == cat.File("kiosk2.toml") + ":1: kiosk: [kiosk] is written twice; it was first written at " +
                                      cat.File("kiosk.toml") + ":1");
    }
}

TEST_CASE("Retention period: the default, a site's own, and what the loader refuses", "[catalogue][retention]") {
    TempCatalogue cat;
    SECTION("no [retention]: 90 days") {
        auto loaded = LoadCatalogue(cat.dir());
        REQUIRE(loaded.ok());
        CHECK(loaded->retention.days == 90);
    }
    SECTION("a site's own period") {
        cat.Write("retention.toml", "# kept a month\n[retention]\ndays = 30\n");
        auto loaded = LoadCatalogue(cat.dir());
        REQUIRE(loaded.ok());
        CHECK(loaded->retention.days == 30);
    }
    SECTION("out of range, with file and line") {
        cat.Write("retention.toml", "[retention]\ndays = 0\n");
        CHECK_THAT(OnlyProblem(cat), Contains("retention.toml:2: retention: field 'days' is 0, but it must be 1 to 3650"));
        cat.Write("retention.toml", "[retention]\ndays = 3651\n");
        CHECK_THAT(OnlyProblem(cat), Contains("must be 1 to 3650"));
    }
    SECTION("not a number, missing, misspelt, written twice") {
        cat.Write("retention.toml", "[retention]\ndays = \"ninety\"\n");
        CHECK_THAT(OnlyProblem(cat), Contains("retention.toml:2"));
        cat.Write("retention.toml", "[retention]\n");
        CHECK_THAT(OnlyProblem(cat), Contains("days"));
        cat.Write("retention.toml", "[retention]\ndays = 30\nweeks = 2\n");
        CHECK_THAT(OnlyProblem(cat), Contains("field 'weeks' is not a field of"));
        cat.Write("retention.toml", "[retention]\ndays = 30\n");
        cat.Write("retention2.toml", "[retention]\ndays = 31\n");
        CHECK_THAT(OnlyProblem(cat), Contains("[retention] is written twice"));
    }
    SECTION("the shipped catalogue keeps 90 days") {
        auto shipped = LoadCatalogue(DefaultCatalogueDir());
        REQUIRE(shipped.ok());
        CHECK(shipped->retention.days == 90);
    }
}
