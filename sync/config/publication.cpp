// What an administrator publishes, read from the folders and files they name: the one reader
// behind `anlaufstelle-ctl config publish` and the administration's Publish button.
#include "sync/config/config.h"

namespace anl::sync::config {

PublishSources EditedSources(const std::filesystem::path& catalogue_dir, const std::filesystem::path& translations_dir) {
    PublishSources sources{catalogue_dir, translations_dir, {}, {}};
    std::error_code ec;
    const std::filesystem::path hours = catalogue::SiteHoursFileFor(catalogue_dir);
    if (std::filesystem::is_regular_file(hours, ec)) sources.hours_file = hours;
    return sources;
}

Result<ConfigPublish> ReadPublication(const std::string& site, const PublishSources& sources) {
    ConfigPublish publish;
    publish.site = site;
    if (!sources.catalogue_dir.empty()) {
        auto files = ReadCatalogueDir(sources.catalogue_dir);
        if (!files.ok()) return files.error();
        publish.catalogue = std::move(files.value());
    }
    if (!sources.translations_dir.empty()) {
        auto files = ReadTranslationsDir(sources.translations_dir);
        if (!files.ok()) return files.error();
        publish.translations = std::move(files.value());
    }
    if (!sources.hours_file.empty()) {
        auto text = ReadTextFile(sources.hours_file);
        if (!text.ok()) return text.error();
        publish.hours = std::move(text.value());
    }
    if (!sources.staff_file.empty()) {
        auto staff = ReadStaffFile(sources.staff_file);
        if (!staff.ok()) return staff.error();
        publish.staff = std::move(staff.value());
    }
    if (!publish.catalogue && !publish.translations && !publish.hours && !publish.staff)
        return MakeError(ErrorCode::kInvalidInput,
                         "Name at least one part: --catalogue DIR, --translations DIR, --hours FILE or --staff FILE.");
    // Every part goes into a JSON body: a byte that is not UTF-8 is named here, in the file
    // it came from, not thrown by the JSON library.
    auto utf8 = [](const std::string& text, const std::string& where) -> Status {
        const std::size_t bad = FindMalformedUtf8(text);
        if (bad == std::string::npos) return {};
        return MakeError(ErrorCode::kInvalidInput, where + ": byte " + std::to_string(bad + 1) +
                                                       " is not UTF-8; save the file as UTF-8.");
    };
    for (const auto* files : {&publish.catalogue, &publish.translations})
        if (*files)
            for (const auto& file : **files)
                if (auto ok = utf8(file.text, file.path); !ok) return ok.error();
    if (publish.hours)
        if (auto ok = utf8(*publish.hours, sources.hours_file.string()); !ok) return ok.error();
    if (publish.staff) {
        const std::string staff_file = sources.staff_file.string();
        for (const auto& member : *publish.staff) {
            if (auto ok = CheckInputText(member.number, TextShape::kSingleLine, 200, staff_file + ": a staff number"); !ok)
                return ok.error();
            if (auto ok = CheckInputText(member.name, TextShape::kSingleLine, 200, staff_file + ": the name of staff " + member.number);
                !ok)
                return ok.error();
        }
    }
    return publish;
}

}  // namespace anl::sync::config
