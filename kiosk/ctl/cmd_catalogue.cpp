// anlaufstelle-ctl catalogue show|validate: look at and check a service catalogue.
//
//   catalogue show [--dir DIR] [--lang CODE] [--json]   offices, their services, documents
//   catalogue validate [--dir DIR]                      exit 0, or 1 with every problem on stderr
//   catalogue keys [--dir DIR]                          every translation key the catalogue uses
//
// Names are shown in --lang (default de). Until i18n/messages offers the lookup, the texts
// are read here straight from i18n/catalogs/<lang>/services.toml with the fallback chain
// <lang> -> its base language (fa-AF -> fa) -> en -> de; a key without any text is shown as
// the key itself, so a gap is visible instead of hidden.
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include <toml++/toml.h>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ctl/ctl.h"

namespace {

namespace cat = anl::catalogue;
namespace fs = std::filesystem;

// The translation catalogues sit beside the service catalogue: the shipped one's are in the
// data directory (i18n/catalogs); in the source tree assets/catalogue -> ../../i18n/catalogs;
// in a data directory catalogue -> ../i18n/catalogs.
std::optional<fs::path> FindTextCatalogs(const fs::path& catalogue_dir) {
    std::error_code ec;
    const fs::path shipped_texts = anl::DataPath("i18n/catalogs");
    if (fs::equivalent(catalogue_dir, cat::DefaultCatalogueDir(), ec) && fs::is_directory(shipped_texts, ec)) {
        return shipped_texts;
    }
    for (const fs::path& candidate : {catalogue_dir / ".." / ".." / "i18n" / "catalogs",
                                      catalogue_dir / ".." / "i18n" / "catalogs"}) {
        if (fs::is_directory(candidate, ec)) return candidate.lexically_normal();
    }
    return std::nullopt;
}

// Texts of one language with its fallbacks, as key -> text.
class Texts {
public:
    Texts(const std::optional<fs::path>& root, const std::string& lang) {
        if (!root) return;
        std::vector<std::string> chain{lang};
        if (auto dash = lang.find('-'); dash != std::string::npos) chain.push_back(lang.substr(0, dash));
        chain.push_back("en");
        chain.push_back("de");
        // Earlier languages win: load from the last fallback to the wanted language.
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) Load(*root / *it / "services.toml");
    }
    std::string Get(const std::string& key) const {
        auto it = texts_.find(key);
        return it == texts_.end() ? key : it->second;
    }

private:
    void Load(const fs::path& file) {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) return;
        try {
            toml::table table = toml::parse_file(file.string());
            for (auto&& [key, node] : table) {
                if (const auto* entry = node.as_table()) {
                    if (auto text = (*entry)["text"].value<std::string>()) texts_[std::string(key.str())] = *text;
                }
            }
        } catch (const toml::parse_error&) {
            // A broken text file is the messages check's to report; names fall back to keys.
        }
    }
    std::map<std::string, std::string> texts_;
};

nlohmann::json ToJson(const cat::Catalogue& c, const Texts& texts) {
    nlohmann::json offices = nlohmann::json::array();
    for (const auto& office : c.offices) {
        nlohmann::json services = nlohmann::json::array();
        for (const auto& s : c.services) {
            if (s.office_id != office.id) continue;
            services.push_back({{"id", s.id},
                                {"name_key", s.name_key},
                                {"name", texts.Get(s.name_key)},
                                {"description_key", s.description_key},
                                {"description", texts.Get(s.description_key)},
                                {"pictogram", s.pictogram},
                                {"documents", s.document_ids},
                                {"typical_minutes", s.typical_minutes},
                                {"needs_appointment", s.needs_appointment}});
        }
        offices.push_back({{"id", office.id},
                           {"ticket_prefix", std::string(1, office.ticket_prefix)},
                           {"name_key", office.name_key},
                           {"name", texts.Get(office.name_key)},
                           {"summary", texts.Get(office.summary_key)},
                           {"waiting_area", office.waiting_area_id},
                           {"waiting_area_name", texts.Get(office.waiting_area_key)},
                           {"pictogram", office.pictogram},
                           {"services", services}});
    }
    nlohmann::json documents = nlohmann::json::array();
    for (const auto& d : c.documents) {
        documents.push_back(
            {{"id", d.id}, {"title_key", d.title_key}, {"title", texts.Get(d.title_key)}, {"pictogram", d.pictogram}});
    }
    nlohmann::json priorities = nlohmann::json::array();
    for (const auto& p : c.priority_classes) {
        priorities.push_back(
            {{"id", p.id}, {"rank", p.rank}, {"label", texts.Get(p.label_key)}, {"pictogram", p.pictogram}});
    }
    nlohmann::json questions = nlohmann::json::array();
    for (const auto& q : c.finder_questions) {
        nlohmann::json answers = nlohmann::json::array();
        for (const auto& a : q.answers) {
            nlohmann::json answer = {{"id", a.id}, {"label", texts.Get(a.label_key)}, {"pictogram", a.pictogram}};
            if (!a.next_question_id.empty()) answer["next"] = a.next_question_id;
            if (!a.service_id.empty()) answer["service"] = a.service_id;
            answers.push_back(answer);
        }
        questions.push_back({{"id", q.id}, {"question", texts.Get(q.question_key)}, {"answers", answers}});
    }
    nlohmann::json counters = nlohmann::json::array();
    for (const auto& counter : c.counters)
        counters.push_back({{"number", counter.number}, {"office", counter.office_id}, {"name", counter.name},
                            {"services", counter.service_ids}});
    return {{"version", c.version},
            {"offices", offices},
            {"documents", documents},
            {"priority_classes", priorities},
            {"counters", counters},
            {"kiosk", {{"inactivity_seconds", c.kiosk.inactivity_seconds},
                       {"read_aloud", c.kiosk.read_aloud},
                       {"accessible_modes", c.kiosk.accessible_modes}}},
            {"finder", {{"start", c.finder_start_question_id}, {"questions", questions}}}};
}

void PrintText(const cat::Catalogue& c, const Texts& texts) {
    std::cout << "Catalogue version " << c.version << "\n";
    for (const auto& office : c.offices) {
        std::cout << "\n[" << office.ticket_prefix << "] " << office.id << "  " << texts.Get(office.name_key)
                  << "  (" << texts.Get(office.waiting_area_key) << ")\n";
        for (const auto& s : c.services) {
            if (s.office_id != office.id) continue;
            std::cout << "    " << s.id << "  " << texts.Get(s.name_key) << "  " << s.typical_minutes << " min"
                      << (s.needs_appointment ? ", appointment" : "") << "\n";
            std::string docs;
            for (const auto& d : s.document_ids) {
                const cat::Document* doc = c.FindDocument(d);
                docs += (docs.empty() ? "" : "; ") + (doc ? texts.Get(doc->title_key) : d);
            }
            if (!docs.empty()) std::cout << "        bring: " << docs << "\n";
        }
    }
    std::cout << "\nDocuments:\n";
    for (const auto& d : c.documents) std::cout << "    " << d.id << "  " << texts.Get(d.title_key) << "\n";
    std::cout << "\nPriority classes:\n";
    for (const auto& p : c.priority_classes) {
        std::cout << "    " << p.id << "  rank " << p.rank << "  " << texts.Get(p.label_key) << "\n";
    }
    std::cout << "\nCounters" << (c.counters.empty() ? " (none written: two per office)" : "") << ":\n";
    for (const auto& counter : c.counters) {
        std::size_t of_office = 0;
        for (const auto& s : c.services) of_office += s.office_id == counter.office_id ? 1 : 0;
        std::cout << "    " << counter.number << "  " << counter.office_id << "  " << counter.name << "  offers "
                  << counter.service_ids.size() << " of " << of_office << " services\n";
    }
    std::string modes;
    for (const auto& m : c.kiosk.accessible_modes) modes += (modes.empty() ? "" : ", ") + m;
    std::cout << "\nKiosk: starts again after " << c.kiosk.inactivity_seconds << " s untouched, read aloud "
              << (c.kiosk.read_aloud ? "on" : "off") << ", modes: " << (modes.empty() ? "none" : modes) << "\n";
}

}  // namespace

ANL_CTL_COMMANDS(Catalogue) {
    auto* group = app.add_subcommand("catalogue", "Look at or check a service catalogue");
    group->require_subcommand(1);

    struct Options {
        std::string dir;
        std::string lang = "de";
    };
    // CLI11 binds to these; the callbacks own them, so they live as long as the app.
    auto options = std::make_shared<Options>();

    auto* show = group->add_subcommand("show", "Print offices, services and documents");
    show->add_option("--dir", options->dir, "Catalogue directory (default: the shipped catalogue)");
    show->add_option("--lang", options->lang, "Language of the names, e.g. de, en, ar, fa-AF");
    show->callback([&ctx, options] {
        fs::path dir = options->dir.empty() ? cat::DefaultCatalogueDir() : fs::path(options->dir);
        auto loaded = cat::LoadCatalogue(dir);
        if (!loaded) {
            anl::ctl::Fail(ctx, loaded.error());
            return;
        }
        Texts texts(FindTextCatalogs(dir), options->lang);
        if (ctx.json) {
            anl::ctl::PrintJson(ToJson(*loaded, texts));
        } else {
            PrintText(*loaded, texts);
        }
    });

    auto* keys = group->add_subcommand("keys", "List every translation key the catalogue uses, one a line");
    keys->add_option("--dir", options->dir, "Catalogue directory (default: the shipped catalogue)");
    keys->callback([&ctx, options] {
        fs::path dir = options->dir.empty() ? cat::DefaultCatalogueDir() : fs::path(options->dir);
        auto loaded = cat::LoadCatalogue(dir);
        if (!loaded) {
            anl::ctl::Fail(ctx, loaded.error());
            return;
        }
        std::vector<std::string> all = cat::TranslationKeys(*loaded);
        if (ctx.json) {
            anl::ctl::PrintJson(all);
        } else {
            for (const auto& key : all) std::cout << key << "\n";
        }
    });

    auto* validate = group->add_subcommand("validate", "Check a catalogue; list every problem with file and line");
    validate->add_option("--dir", options->dir, "Catalogue directory (default: the shipped catalogue)");
    validate->callback([&ctx, options] {
        fs::path dir = options->dir.empty() ? cat::DefaultCatalogueDir() : fs::path(options->dir);
        cat::CatalogueCheck check = cat::CheckCatalogue(dir);
        if (ctx.json) {
            nlohmann::json problems = nlohmann::json::array();
            for (const auto& p : check.problems) {
                problems.push_back({{"file", p.file}, {"line", p.line}, {"message", p.message}});
            }
            anl::ctl::PrintJson({{"dir", dir.string()}, {"ok", check.problems.empty()}, {"problems", problems}});
        }
        if (!check.problems.empty()) {
            for (const auto& p : check.problems) std::cerr << p.message << "\n";
            ctx.exit_code = static_cast<int>(anl::ErrorCode::kInvalidInput);
            return;
        }
        if (!ctx.json) {
            std::cout << dir.string() << ": catalogue version " << check.catalogue.version << " is valid: "
                      << check.catalogue.offices.size() << " offices, " << check.catalogue.services.size()
                      << " services, " << check.catalogue.documents.size() << " documents, "
                      << check.catalogue.finder_questions.size() << " finder questions\n";
        }
    });
}
