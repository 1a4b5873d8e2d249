// Formatting messages with ICU, following the fallback chain, with a cache of compiled
// formatters so a frame that formats the same messages again does not parse anything.
#include <algorithm>
#include <unistd.h>

#include <unicode/datefmt.h>
#include <unicode/fmtable.h>
#include <unicode/messagepattern.h>

#include "i18n/messages/icu_util.h"
#include "i18n/messages/impl.h"

namespace anl::messages {
namespace fs = std::filesystem;

// Unicode isolates: a code inside right-to-left text is laid out left-to-right as one unit.
constexpr std::string_view kLeftToRightIsolate = "\u2066";
constexpr std::string_view kPopDirectionalIsolate = "\u2069";

const char* ToString(MessageStatus status) {
    switch (status) {
        case MessageStatus::kReviewed: return "reviewed";
        case MessageStatus::kDraft: return "draft";
        case MessageStatus::kOutdated: return "outdated";
        case MessageStatus::kMissing: return "missing";
    }
    return "missing";
}

Args& Args::Str(std::string name, std::string value) {
    entries_.push_back({std::move(name), std::move(value)});
    return *this;
}
Args& Args::Code(std::string name, std::string value) {
    entries_.push_back({std::move(name), CodeValue{std::move(value)}});
    return *this;
}
Args& Args::Int(std::string name, std::int64_t value) {
    entries_.push_back({std::move(name), value});
    return *this;
}
Args& Args::Double(std::string name, double value) {
    entries_.push_back({std::move(name), value});
    return *this;
}
Args& Args::Date(std::string name, Micros utc) {
    entries_.push_back({std::move(name), DateValue{utc}});
    return *this;
}

Messages::Messages(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Messages::Messages(Messages&&) noexcept = default;
Messages& Messages::operator=(Messages&&) noexcept = default;
Messages::~Messages() = default;

fs::path Messages::DefaultDir() { return DataPath("i18n/catalogs"); }

namespace {

// A pattern compiled for `info`'s locale and digits, its dates and times in `zone`; null when
// it does not parse.
std::unique_ptr<icu::MessageFormat> CompileZoned(std::string_view text, const LanguageInfo& info,
                                                 const icu::TimeZone& zone) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    auto format = std::make_unique<icu::MessageFormat>(detail::ToIcu(text), detail::FormatLocale(info), where, status);
    if (U_FAILURE(status)) return nullptr;
    // Dates and times show the site's time zone, not whatever the process default is.
    int32_t count = 0;
    const icu::Format** formats = format->getFormats(count);
    std::vector<std::pair<int32_t, std::unique_ptr<icu::DateFormat>>> zoned;
    for (int32_t i = 0; i < count; ++i) {
        if (auto* date_format = dynamic_cast<const icu::DateFormat*>(formats[i])) {
            std::unique_ptr<icu::DateFormat> copy(date_format->clone());
            copy->setTimeZone(zone);
            zoned.emplace_back(i, std::move(copy));
        }
    }
    for (auto& [index, date_format] : zoned) format->setFormat(index, *date_format);
    return format;
}

}  // namespace

icu::MessageFormat* Messages::Impl::CompiledFor(const Message& message, const detail::LanguageData& language) const {
    auto found = compiled.find(&message);
    if (found != compiled.end()) return found->second.format.get();

    detail::Compiled& entry = compiled[&message];
    auto format = CompileZoned(message.text, language.info, *time_zone);
    if (!format) return nullptr;
    entry.format = std::move(format);
    return entry.format.get();
}

namespace {

// Formats with one compiled message; false when ICU refuses the arguments.
bool FormatWith(icu::MessageFormat& format, const Args& args, Direction direction, std::string& out) {
    const auto& entries = args.entries();
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    names.reserve(entries.size());
    values.reserve(entries.size());
    for (const Args::Entry& entry : entries) {
        names.push_back(detail::ToIcu(entry.name));
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::string>) {
                    values.emplace_back(detail::ToIcu(value));
                } else if constexpr (std::is_same_v<T, CodeValue>) {
                    if (direction == Direction::kRtl) {
                        std::string isolated;
                        isolated.reserve(value.text.size() + 6);
                        isolated.append(kLeftToRightIsolate).append(value.text).append(kPopDirectionalIsolate);
                        values.emplace_back(detail::ToIcu(isolated));
                    } else {
                        values.emplace_back(detail::ToIcu(value.text));
                    }
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    values.emplace_back(static_cast<int64_t>(value));
                } else if constexpr (std::is_same_v<T, double>) {
                    values.emplace_back(value);
                } else {
                    values.emplace_back(static_cast<UDate>(value.utc) / 1000.0, icu::Formattable::kIsDate);
                }
            },
            entry.value);
    }
    icu::UnicodeString result;
    UErrorCode status = U_ZERO_ERROR;
    format.format(names.data(), values.data(), static_cast<int32_t>(values.size()), result, status);
    if (U_FAILURE(status)) return false;
    out = detail::ToUtf8(result);
    return true;
}

}  // namespace

std::string Messages::Format(std::string_view lang, std::string_view key, const Args& args) const {
    const std::vector<size_t>& chain = impl_->LoadedChainOf(lang);
    std::lock_guard lock(impl_->mutex);
    if (impl_->recording_keys) impl_->used_keys.emplace(key);
    for (size_t index : chain) {
        const detail::LanguageData& language = impl_->languages[index];
        auto found = language.messages.find(key);
        if (found == language.messages.end() || language.broken.contains(&found->second)) continue;
        icu::MessageFormat* format = impl_->CompiledFor(found->second, language);
        if (format == nullptr) continue;
        std::string out;
        if (FormatWith(*format, args, language.info.direction, out)) return out;
    }
    bool recorded = std::any_of(impl_->missed.begin(), impl_->missed.end(),
                                [&](const MissedKey& m) { return m.language == lang && m.key == key; });
    if (!recorded) impl_->missed.push_back({std::string(lang), std::string(key)});
    return std::string(key);
}

Result<std::string> Messages::FormatPattern(std::string_view lang, std::string_view pattern, const Args& args) const {
    const LanguageInfo* info = FindLanguage(lang);
    if (info == nullptr) return MakeError(ErrorCode::kNotFound, "There is no language \"" + std::string(lang) + "\".");
    std::lock_guard lock(impl_->mutex);
    auto format = CompileZoned(pattern, *info, *impl_->time_zone);
    std::string out;
    if (!format || !FormatWith(*format, args, info->direction, out))
        return MakeError(ErrorCode::kInvalidInput, "The text does not format as MessageFormat.");
    return out;
}

void Messages::Warm(std::string_view lang) const {
    // One message at a time, so a frame formatting meanwhile waits for one message at most.
    for (size_t index : impl_->LoadedChainOf(lang)) {
        const detail::LanguageData& language = impl_->languages[index];
        for (const auto& [key, message] : language.messages) {
            auto names = ArgumentNames(message.text);
            if (!names) continue;
            Args ones;  // a number formats through every argument style (plural, date, simple)
            for (const std::string& name : names.value()) ones.Int(name, 1);
            std::lock_guard lock(impl_->mutex);
            if (language.broken.contains(&message)) continue;
            if (icu::MessageFormat* format = impl_->CompiledFor(message, language)) {
                std::string ignored;
                FormatWith(*format, ones, language.info.direction, ignored);
            }
        }
    }
}

std::string_view Messages::Text(std::string_view lang, std::string_view key) const {
    {
        std::lock_guard lock(impl_->mutex);
        if (impl_->recording_keys) impl_->used_keys.emplace(key);
        int index = impl_->IndexOf(lang);
        if (index >= 0) {
            const auto& cache = impl_->text_cache[size_t(index)];
            if (auto found = cache.find(key); found != cache.end()) return found->second;
        } else {
            const auto& cache = impl_->unknown_language_text_cache;
            if (auto found = cache.find(std::string(lang) + '\n' + std::string(key)); found != cache.end()) {
                return found->second;
            }
        }
    }
    std::string text = Format(lang, key);
    std::lock_guard lock(impl_->mutex);
    int index = impl_->IndexOf(lang);
    if (index < 0) {
        auto [it, _] = impl_->unknown_language_text_cache.emplace(std::string(lang) + '\n' + std::string(key),
                                                                  std::move(text));
        return it->second;
    }
    auto [it, _] = impl_->text_cache[size_t(index)].emplace(std::string(key), std::move(text));
    return it->second;
}

void Messages::RecordUsedKeys(bool on) const {
    std::lock_guard lock(impl_->mutex);
    impl_->recording_keys = on;
}

std::vector<std::string> Messages::TakeUsedKeys() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<std::string> keys(impl_->used_keys.begin(), impl_->used_keys.end());
    impl_->used_keys.clear();
    return keys;
}

const std::vector<LanguageInfo>& Messages::Languages() const { return impl_->infos; }

const LanguageInfo* Messages::FindLanguage(std::string_view code) const {
    int index = impl_->IndexOf(code);
    return index < 0 ? nullptr : &impl_->infos[size_t(index)];
}

std::vector<std::string> Messages::FallbackChain(std::string_view lang) const {
    std::vector<std::string> chain;
    for (size_t index : impl_->ChainOf(lang)) chain.push_back(impl_->languages[index].info.code);
    return chain;
}

const Message* Messages::Find(std::string_view lang, std::string_view key) const {
    int index = impl_->IndexOf(lang);
    if (index < 0) return nullptr;
    const auto& messages = impl_->Loaded(size_t(index)).messages;
    auto found = messages.find(key);
    return found == messages.end() ? nullptr : &found->second;
}

std::string SourceHash(std::string_view german_text) {
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64
    for (unsigned char byte : german_text) {
        hash ^= byte;
        hash *= 1099511628211ull;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
    return out;
}

MessageStatus Messages::Status(std::string_view lang, std::string_view key) const {
    const Message* message = Find(lang, key);
    if (message == nullptr) return MessageStatus::kMissing;
    if (message->status == MessageStatus::kReviewed && !message->source_hash.empty() && lang != "de") {
        const Message* german = Find("de", key);
        if (german != nullptr && SourceHash(german->text) != message->source_hash) return MessageStatus::kOutdated;
    }
    return message->status;
}

std::vector<const Message*> Messages::MessagesOf(std::string_view lang) const {
    std::vector<const Message*> list;
    int index = impl_->IndexOf(lang);
    if (index < 0) return list;
    for (const auto& [key, message] : impl_->Loaded(size_t(index)).messages) list.push_back(&message);
    std::sort(list.begin(), list.end(), [](const Message* a, const Message* b) { return a->key < b->key; });
    return list;
}

const std::vector<LoadProblem>& Messages::Problems() const {
    for (size_t index = 0; index < impl_->languages.size(); ++index) impl_->Loaded(index);
    std::lock_guard lock(impl_->load_mutex);
    if (!impl_->problems_gathered) {  // every language is loaded now: the list never changes again
        for (const detail::LanguageData& language : impl_->languages) {
            impl_->problems.insert(impl_->problems.end(), language.problems.begin(), language.problems.end());
        }
        impl_->problems_gathered = true;
    }
    return impl_->problems;
}

std::vector<MissedKey> Messages::MissedKeys() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->missed;
}

const fs::path& Messages::Dir() const { return impl_->dir; }

Status Messages::SetTimeZone(std::string_view time_zone) {
    auto zone = detail::MakeTimeZone(time_zone);
    if (!zone) return zone.error();
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (**zone == *impl_->time_zone) return {};
    impl_->time_zone = std::move(zone.value());
    impl_->compiled.clear();  // their date formats carry the old zone; texts without arguments have none
    return {};
}

std::string Messages::TimeZone() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    icu::UnicodeString id;
    impl_->time_zone->getID(id);
    return detail::ToUtf8(id);
}

Result<std::vector<std::string>> ArgumentNames(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    icu::MessagePattern pattern(detail::ToIcu(text), &where, status);
    if (U_FAILURE(status)) return MakeError(ErrorCode::kCorrupt, detail::DescribeSyntaxError(text, where, status));
    std::vector<std::string> names;
    for (int32_t i = 0; i < pattern.countParts(); ++i) {
        const auto& part = pattern.getPart(i);
        if (part.getType() == UMSGPAT_PART_TYPE_ARG_NAME || part.getType() == UMSGPAT_PART_TYPE_ARG_NUMBER) {
            names.push_back(detail::PartText(pattern, part));
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

}  // namespace anl::messages
