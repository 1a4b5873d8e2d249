// Fonts: which files, in which order per language, loaded once; coverage and pictograms.
#include <unicode/locid.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "i18n/text/internal.h"

namespace anl::text {
namespace {

// The fonts every chain draws from, and the Debian package a missing one comes from.
struct FontWanted {
    const char* family;
    const char* package;
};
enum FontId : std::uint16_t {
    kSans,
    kArabicUi,
    kNaskhUi,
    kEthiopic,
    kGeorgian,
    kIcons,
    kFontCount
};
constexpr FontWanted kFontsWanted[kFontCount] = {
    {"Noto Sans", "fonts-noto-core"},
    {"Noto Sans Arabic UI", "fonts-noto-ui-core"},
    {"Noto Naskh Arabic UI", "fonts-noto-ui-core"},
    {"Noto Sans Ethiopic", "fonts-noto-core"},
    {"Noto Sans Georgian", "fonts-noto-core"},
    {"Material Icons", "fonts-material-design-icons-iconfont"},
};

// Chains by kind. Arabic uses the sans UI face (closest to the Latin UI); Persian, Dari,
// Pashto and Sorani readers expect Naskh, the book hand their schools teach. The script's own
// font comes first so shared characters (digits, punctuation, spaces) match the words around
// them; everything the first font lacks falls through to the next font covering it.
enum ChainKind {
    kChainLatin,
    kChainArabic,
    kChainNaskh,
    kChainEthiopic,
    kChainGeorgian,
    kChainCount
};

std::string_view PrimarySubtag(std::string_view lang) {
    auto cut = lang.find_first_of("-_");
    return cut == std::string_view::npos ? lang : lang.substr(0, cut);
}

ChainKind ChainKindFor(std::string_view lang) {
    auto p = PrimarySubtag(lang);
    if (p == "ar") return kChainArabic;
    if (p == "fa" || p == "ps" || p == "ckb" || p == "prs" || p == "ur") return kChainNaskh;
    if (p == "ti" || p == "am") return kChainEthiopic;
    if (p == "ka") return kChainGeorgian;
    return kChainLatin;
}

std::string EndsWithLower(const std::string& s, std::size_t n) {
    std::string tail = s.size() >= n ? s.substr(s.size() - n) : s;
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return tail;
}

// Asks fontconfig for the Regular face of a family; prefers TrueType/OpenType files over
// web formats. Returns "" when the family is not installed (fontconfig would otherwise
// silently substitute another family, which is exactly what we must not do).
std::string FindFontFile(FcConfig* config, const char* family) {
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcPatternAddString(pattern, FC_STYLE, reinterpret_cast<const FcChar8*>("Regular"));
    FcObjectSet* objects = FcObjectSetBuild(FC_FILE, nullptr);
    FcFontSet* set = FcFontList(config, pattern, objects);
    std::string best;
    int best_rank = 99;
    for (int i = 0; set && i < set->nfont; ++i) {
        FcChar8* file = nullptr;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        std::string path = reinterpret_cast<const char*>(file);
        std::string ext = EndsWithLower(path, 4);
        int rank = ext == ".ttf" ? 0 : ext == ".otf" ? 1 : 5;
        if (rank < best_rank || (rank == best_rank && path < best)) {
            best = path;
            best_rank = rank;
        }
    }
    if (set) FcFontSetDestroy(set);
    FcObjectSetDestroy(objects);
    FcPatternDestroy(pattern);
    return best_rank < 5 ? best : std::string();
}

}  // namespace

Status LoadFonts(Engine::Impl& impl) {
    if (FT_Init_FreeType(&impl.ft) != 0)
        return MakeError(ErrorCode::kInternal, "FreeType could not start.");
    FcConfig* config = nullptr;
    auto configured = [&](const char* family) -> std::string {
        for (const auto& [f, path] : impl.options.font_files)
            if (f == family) return path;
        return {};
    };
    for (int id = 0; id < kFontCount; ++id) {
        const FontWanted& wanted = kFontsWanted[id];
        std::string path = configured(wanted.family);
        if (path.empty()) {
            if (!config) config = FcInitLoadConfigAndFonts();
            path = FindFontFile(config, wanted.family);
        }
        if (path.empty()) {
            if (config) FcConfigDestroy(config);
            return MakeError(ErrorCode::kNotFound,
                             std::string("The font \"") + wanted.family +
                                 "\" is not installed; install the Debian package " +
                                 wanted.package + ".");
        }
        auto font = std::make_unique<LoadedFont>();
        font->info = {wanted.family, path};
        // Mapped, not read: only the pages of the tables and glyphs in use become resident
        // (reading the six files byte by byte took 25 ms of every start).
        font->blob = hb_blob_create_from_file_or_fail(path.c_str());
        if (font->blob == nullptr || hb_blob_get_length(font->blob) == 0) {
            if (font->blob) hb_blob_destroy(font->blob);
            if (config) FcConfigDestroy(config);
            return MakeError(ErrorCode::kNotFound, "The font file " + path + " could not be read.");
        }
        font->face = hb_face_create(font->blob, 0);
        if (hb_face_get_glyph_count(font->face) == 0) {
            if (config) FcConfigDestroy(config);
            return MakeError(ErrorCode::kCorrupt,
                             "The font file " + path + " is not a font HarfBuzz can read.");
        }
        font->coverage = hb_set_create();
        hb_face_collect_unicodes(font->face, font->coverage);
        impl.font_infos.push_back(font->info);
        impl.fonts.push_back(std::move(font));
    }
    if (config) FcConfigDestroy(config);

    impl.chains.resize(kChainCount);
    impl.chains[kChainLatin] = {kSans, kArabicUi, kEthiopic, kGeorgian, kIcons};
    impl.chains[kChainArabic] = {kArabicUi, kSans, kNaskhUi, kEthiopic, kGeorgian, kIcons};
    impl.chains[kChainNaskh] = {kNaskhUi, kSans, kArabicUi, kEthiopic, kGeorgian, kIcons};
    impl.chains[kChainEthiopic] = {kEthiopic, kSans, kArabicUi, kGeorgian, kIcons};
    impl.chains[kChainGeorgian] = {kGeorgian, kSans, kArabicUi, kEthiopic, kIcons};
    return {};
}

// The package ships a SCSS map: `"home": e88a,` one per line.
Status LoadPictogramNames(Engine::Impl& impl) {
    std::ifstream in(impl.options.pictogram_names_file);
    if (!in)
        return MakeError(ErrorCode::kNotFound,
                         "The pictogram name list " + impl.options.pictogram_names_file +
                             " is missing; install fonts-material-design-icons-iconfont.");
    std::string line;
    while (std::getline(in, line)) {
        auto q1 = line.find('"');
        if (q1 == std::string::npos) continue;
        auto q2 = line.find('"', q1 + 1);
        auto colon = line.find(':', q2 == std::string::npos ? q1 : q2);
        if (q2 == std::string::npos || colon == std::string::npos) continue;
        unsigned long cp = std::strtoul(line.c_str() + colon + 1, nullptr, 16);
        if (cp == 0 || cp > 0x10FFFF) continue;
        impl.pictograms.emplace(line.substr(q1 + 1, q2 - q1 - 1), static_cast<char32_t>(cp));
    }
    if (impl.pictograms.empty())
        return MakeError(ErrorCode::kCorrupt, "The pictogram name list " +
                                                  impl.options.pictogram_names_file +
                                                  " names no pictograms.");
    return {};
}

const std::vector<std::uint16_t>& Engine::Impl::ChainFor(std::string_view lang) const {
    return chains[ChainKindFor(lang)];
}

SizedFont* Engine::Impl::Sized(std::uint16_t font, std::int32_t size_26_6) {
    for (auto& s : sized)
        if (s->font == font && s->size_26_6 == size_26_6) return s.get();
    auto s = std::make_unique<SizedFont>();
    s->font = font;
    s->size_26_6 = size_26_6;
    const LoadedFont& loaded = *fonts[font];
    unsigned length = 0;
    const char* data = hb_blob_get_data(loaded.blob, &length);
    FT_Error err = FT_New_Memory_Face(ft, reinterpret_cast<const FT_Byte*>(data),
                                      static_cast<FT_Long>(length), 0, &s->face);
    ANL_ASSERT(err == 0 && "a font HarfBuzz read at start-up must open in FreeType too");
    if (err != 0) return nullptr;
    FT_Set_Char_Size(s->face, 0, size_26_6, 72, 72);  // 72 dpi: one point is one pixel
    if (options.shape_with_freetype_funcs) {
        s->hb = hb_ft_font_create_referenced(s->face);
        // Unhinted advances, as the default path: widths scale smoothly and match hb-shape.
        hb_ft_font_set_load_flags(s->hb, FT_LOAD_DEFAULT | FT_LOAD_NO_HINTING);
    } else {
        // HarfBuzz's own OpenType functions on the same font file at the same size: the same
        // glyphs and (unhinted) advances as hb_ft, without a lock and a FreeType call per glyph,
        // which made cold layouts twice as fast (docs/PERFORMANCE.md).
        s->hb = hb_font_create(loaded.face);
        hb_font_set_scale(s->hb, size_26_6, size_26_6);
    }
    hb_font_extents_t ext{};
    hb_font_get_h_extents(s->hb, &ext);
    s->ascender = ext.ascender;
    s->descender = -ext.descender;
    s->line_gap = ext.line_gap;
    sized.push_back(std::move(s));
    return sized.back().get();
}

Engine::Impl::~Impl() {
    for (auto& b : breakers) b.second.reset();
    for (auto& s : sized) {
        hb_font_destroy(s->hb);
        FT_Done_Face(s->face);  // hb_ft fonts hold their own reference
    }
    sized.clear();
    for (auto& f : fonts) {
        hb_set_destroy(f->coverage);
        hb_face_destroy(f->face);
        hb_blob_destroy(f->blob);
    }
    if (buffer) hb_buffer_destroy(buffer);
    if (para_bidi) ubidi_close(para_bidi);
    if (line_bidi) ubidi_close(line_bidi);
    if (ft) FT_Done_FreeType(ft);
}

// ---------------------------------------------------------------------------------------

bool IsRightToLeft(std::string_view lang) {
    auto p = PrimarySubtag(lang);
    static constexpr std::string_view kRtl[] = {"ar", "fa", "ps", "ckb", "prs", "ur",
                                                "he", "yi", "sd", "ug",  "dv"};
    static constexpr std::string_view kLtr[] = {"de", "en", "kmr", "tr", "ti", "so",
                                                "uk", "ru", "fr",  "ka", "ro"};
    for (auto r : kRtl)
        if (p == r) return true;
    for (auto l : kLtr)
        if (p == l) return false;
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(std::string(lang), status);
    return U_SUCCESS(status) && locale.isRightToLeft();
}

void DecodeUtf8(std::string_view s, std::vector<char16_t>& u16, std::vector<std::uint32_t>& map) {
    u16.clear();
    map.clear();
    std::size_t i = 0;
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    while (i < s.size()) {
        std::uint32_t start = static_cast<std::uint32_t>(i);
        unsigned char c = b[i];
        char32_t cp = 0xFFFD;
        int len = 1;
        if (c < 0x80) {
            cp = c;
        } else {
            int need = (c & 0xE0) == 0xC0   ? 1
                       : (c & 0xF0) == 0xE0 ? 2
                       : (c & 0xF8) == 0xF0 ? 3
                                            : -1;
            if (need > 0 && i + need < s.size()) {
                char32_t v = c & (0x3F >> need);
                bool ok = true;
                for (int k = 1; ok && k <= need; ++k) {
                    if ((b[i + k] & 0xC0) != 0x80)
                        ok = false;
                    else
                        v = (v << 6) | (b[i + k] & 0x3F);
                }
                static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
                if (ok && v >= kMin[need] && v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF)) {
                    cp = v;
                    len = need + 1;
                }
            }
        }
        i += len;
        if (cp >= 0x10000) {
            u16.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
            u16.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
            map.push_back(start);
            map.push_back(start);
        } else {
            u16.push_back(static_cast<char16_t>(cp));
            map.push_back(start);
        }
    }
    map.push_back(static_cast<std::uint32_t>(s.size()));
}

void AppendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::vector<char32_t> Engine::FindUncoveredCodepoints(std::string_view lang,
                                                      std::string_view utf8) const {
    std::vector<char16_t> u16;
    std::vector<std::uint32_t> map;
    DecodeUtf8(utf8, u16, map);
    const auto& chain = impl_->ChainFor(lang);
    std::vector<char32_t> missing;
    for (std::size_t i = 0; i < u16.size(); ++i) {
        char32_t c = u16[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < u16.size()) {
            c = 0x10000 + ((c - 0xD800) << 10) + (u16[i + 1] - 0xDC00);
            ++i;
        }
        int8_t type = u_charType(static_cast<UChar32>(c));
        if (u_isUWhiteSpace(static_cast<UChar32>(c)) || type == U_CONTROL_CHAR ||
            type == U_FORMAT_CHAR || type == U_SPACE_SEPARATOR || type == U_LINE_SEPARATOR ||
            type == U_PARAGRAPH_SEPARATOR)
            continue;
        bool covered = false;
        for (auto f : chain)
            if (hb_set_has(impl_->fonts[f]->coverage, c)) {
                covered = true;
                break;
            }
        if (!covered && std::find(missing.begin(), missing.end(), c) == missing.end())
            missing.push_back(c);
    }
    return missing;
}

Result<std::string> Engine::Pictogram(std::string_view material_name) const {
    auto it = impl_->pictograms.find(std::string(material_name));
    if (it == impl_->pictograms.end())
        return MakeError(ErrorCode::kNotFound,
                         "There is no pictogram named \"" + std::string(material_name) + "\".");
    std::string out;
    AppendUtf8(out, it->second);
    return out;
}

std::span<const FontInfo> Engine::Fonts() const {
    return impl_->font_infos;
}
const FontInfo& Engine::Font(std::uint16_t index) const {
    ANL_ASSERT(index < impl_->font_infos.size() && "font index from a run of this engine");
    return impl_->font_infos[index];
}
std::vector<std::uint16_t> Engine::FontChain(std::string_view lang) const {
    return impl_->ChainFor(lang);
}

}  // namespace anl::text
