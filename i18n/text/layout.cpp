// Layout: paragraph → bidi levels → line breaks on logical text → per line visual runs →
// script and font items shaped with HarfBuzz → positioned glyphs. And the layout cache.
//
// Order of work and why:
//   1. ICU bidi resolves levels for the whole paragraph (its direction comes from the language,
//      so a Pashto sentence that starts with "A-042" is still a right-to-left paragraph).
//   2. Items: maximal logical ranges of one bidi level, one script (Common and Inherited
//      characters join the script around them) and one font (the first font of the language's
//      chain that covers the character; marks stay with their base; digits and spaces stay in
//      the surrounding font when it has them).
//   3. Each item is shaped once, with the whole paragraph as context, so widths are known
//      before breaking.
//   4. ICU's line BreakIterator for the language gives break opportunities on the logical
//      text; a greedy fill uses the shaped advances (trailing spaces do not count). Only a
//      word wider than the whole line is cut between characters.
//   5. Each line is reordered with ubidi_setLine: visual runs, and inside a right-to-left run
//      the items in reverse. A line cut inside an item reuses the item's glyphs when HarfBuzz
//      marks the cut safe to break, and reshapes that piece otherwise.
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "i18n/text/internal.h"

namespace anl::text {
namespace {

bool IsNeutralScript(UScriptCode sc) {
    return sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN ||
           sc == USCRIPT_INVALID_CODE;
}

hb_script_t HbScript(UScriptCode sc) {
    if (IsNeutralScript(sc)) return HB_SCRIPT_COMMON;
    return hb_script_from_string(uscript_getShortName(sc), -1);
}

// Characters that belong to the glyph before them: combining marks, joiners, variation
// selectors. They never start a new font run.
bool ClingsToPrevious(UChar32 c) {
    if (c == 0x200C || c == 0x200D) return true;                                      // ZWNJ, ZWJ
    if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) return true;  // VS
    auto gc = u_charType(c);
    return gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_COMBINING_SPACING_MARK;
}

UChar32 CodePointAt(const std::vector<char16_t>& u, std::int32_t i, std::int32_t& next) {
    char16_t a = u[i];
    if (a >= 0xD800 && a < 0xDC00 && i + 1 < static_cast<std::int32_t>(u.size()) &&
        u[i + 1] >= 0xDC00 && u[i + 1] < 0xE000) {
        next = i + 2;
        return 0x10000 + ((a - 0xD800) << 10) + (u[i + 1] - 0xDC00);
    }
    next = i + 1;
    return a;
}

std::uint64_t Mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

std::uint64_t HashRequest(const LayoutRequest& r) {
    std::uint64_t h = std::hash<std::string_view>{}(r.text);
    h = Mix(h, std::hash<std::string_view>{}(r.lang));
    std::uint32_t size_bits, width_bits;
    std::memcpy(&size_bits, &r.size_px, 4);
    std::memcpy(&width_bits, &r.max_width_px, 4);
    h = Mix(h, size_bits);
    h = Mix(h, width_bits);
    return Mix(h, static_cast<std::uint64_t>(r.align));
}

bool Matches(const CacheEntry& e, const LayoutRequest& r) {
    return e.size_px == r.size_px && e.max_width_px == r.max_width_px && e.align == r.align &&
           e.text == r.text && e.lang == r.lang;
}

std::int32_t SizeTo26_6(float px) {
    return std::max<std::int32_t>(64, static_cast<std::int32_t>(std::lround(px * 64)));
}

}  // namespace

icu::BreakIterator* Engine::Impl::BreakerFor(std::string_view lang) {
    for (auto& [code, breaker] : breakers)
        if (code == lang) return breaker.get();
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(std::string(lang), status);
    if (U_FAILURE(status)) {
        status = U_ZERO_ERROR;
        locale = icu::Locale::getRoot();
    }
    std::unique_ptr<icu::BreakIterator> breaker(
        icu::BreakIterator::createLineInstance(locale, status));
    if (U_FAILURE(status) || !breaker) {
        status = U_ZERO_ERROR;
        breaker.reset(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status));
    }
    ANL_ASSERT(breaker && "ICU's root line break rules are part of libicu's data");
    breakers.emplace_back(std::string(lang), std::move(breaker));
    return breakers.back().second.get();
}

namespace {

// One paragraph's layout in progress: what every step of LayoutInto reads, and the bidi
// levels step 1 resolves for the later ones.
struct ParagraphJob {
    Engine::Impl& m;
    const LayoutRequest& req;
    Paragraph& out;
    Scratch& s;
    std::int32_t n = 0;        // UTF-16 units
    const UChar* u = nullptr;  // the paragraph in UTF-16
    std::int32_t size = 0;     // 26.6
    const std::vector<std::uint16_t>& chain;
    SizedFont* primary = nullptr;
    hb_language_t language = nullptr;
    UBiDiLevel para_level = 0;
    const UBiDiLevel* levels = nullptr;
    bool bidi_ok = false;

    UBiDiLevel LevelAt(std::int32_t i) const { return bidi_ok ? levels[i] : para_level; }
};

// Fonts have no glyph for a tab or a control character: HarfBuzz would draw a missing-glyph
// box. A tab becomes a space; other controls (not line breaks) become an invisible,
// unbreakable U+FEFF. Byte offsets are unchanged (one UTF-16 unit for one).
void ReplaceControlCharacters(std::vector<char16_t>& u16) {
    for (char16_t& c : u16) {
        if (c == u'\t') {
            c = u' ';
        } else if ((c < 0x20 && c != u'\n' && c != u'\r' && c != 0x0B && c != 0x0C) || c == 0x7F ||
                   (c >= 0x80 && c < 0xA0 && c != 0x85)) {
            c = 0xFEFF;
        }
    }
}

// 1. Bidi levels for the paragraph.
void ResolveBidiLevels(ParagraphJob& job) {
    job.para_level = job.out.rtl ? 1 : 0;
    job.levels = nullptr;
    job.bidi_ok = false;
    if (job.n > 0) {
        UErrorCode err = U_ZERO_ERROR;
        ubidi_setPara(job.m.para_bidi, job.u, job.n, job.para_level, nullptr, &err);
        if (U_SUCCESS(err)) job.levels = ubidi_getLevels(job.m.para_bidi, &err);
        job.bidi_ok = U_SUCCESS(err) && job.levels;
    }
}

// 2. Scripts: neutral characters take the script before them (or the first real one after).
// 3. Font: marks stay with their base; neutral characters stay in the current font when it
//    has them; everything else takes the first font of the chain that covers it.
void ResolveScriptsAndFonts(ParagraphJob& job) {
    Scratch& s = job.s;
    const std::int32_t n = job.n;
    const auto& chain = job.chain;
    s.scripts.assign(n, USCRIPT_INVALID_CODE);
    std::vector<UScriptCode>& scripts = s.scripts;
    s.fonts.assign(n, chain[0]);
    UScriptCode last_real = USCRIPT_INVALID_CODE, first_real = USCRIPT_INVALID_CODE;
    std::uint16_t current_font = chain[0];
    bool have_font = false;
    for (std::int32_t i = 0, next = 0; i < n; i = next) {
        UChar32 c = CodePointAt(s.u16, i, next);
        UScriptCode sc = USCRIPT_COMMON;
        if (c < 0x80) {  // ASCII, most of every Latin paragraph: no need to ask ICU
            sc = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? USCRIPT_LATIN : USCRIPT_COMMON;
        } else {
            UErrorCode err = U_ZERO_ERROR;
            sc = uscript_getScript(c, &err);
        }
        bool neutral = IsNeutralScript(sc);
        if (!neutral) {
            last_real = sc;
            if (first_real == USCRIPT_INVALID_CODE) first_real = sc;
        }
        UScriptCode resolved = neutral ? last_real : sc;
        std::uint16_t font = current_font;
        if (!(have_font && c >= 0x80 && ClingsToPrevious(c)) &&
            !(have_font && neutral && hb_set_has(job.m.fonts[current_font]->coverage, c))) {
            font = have_font ? current_font : chain[0];
            for (auto f : chain)
                if (hb_set_has(job.m.fonts[f]->coverage, c)) {
                    font = f;
                    break;
                }
        }
        current_font = font;
        have_font = true;
        for (std::int32_t k = i; k < next; ++k) {
            scripts[k] = resolved;
            s.fonts[k] = font;
        }
    }
    if (first_real == USCRIPT_INVALID_CODE) first_real = USCRIPT_COMMON;
    for (std::int32_t i = 0; i < n && scripts[i] == USCRIPT_INVALID_CODE; ++i)
        scripts[i] = first_real;
}

// 4a. Items: maximal logical ranges of one bidi level, one script and one font.
void BuildItems(ParagraphJob& job) {
    Scratch& s = job.s;
    s.items.clear();
    for (std::int32_t i = 0; i < job.n;) {
        Item item;
        item.start = i;
        item.level = job.LevelAt(i);
        item.script = s.scripts[i];
        item.font = s.fonts[i];
        std::int32_t j = i + 1;
        while (j < job.n && job.LevelAt(j) == item.level && s.scripts[j] == item.script &&
               s.fonts[j] == item.font)
            ++j;
        // Never split a surrogate pair (both halves carry the same properties, so j is safe).
        item.end = j;
        s.items.push_back(item);
        i = j;
    }
}

// Shapes [from, to) of `item` into the engine's HarfBuzz buffer, with the whole paragraph as
// context.
void ShapeRange(ParagraphJob& job, const Item& item, std::int32_t from, std::int32_t to) {
    hb_buffer_t* buffer = job.m.buffer;
    hb_buffer_clear_contents(buffer);
    hb_buffer_add_utf16(buffer, reinterpret_cast<const std::uint16_t*>(job.u), job.n,
                        static_cast<unsigned>(from), to - from);
    hb_buffer_set_direction(buffer, (item.level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buffer, HbScript(item.script));
    hb_buffer_set_language(buffer, job.language);
    int flags = HB_BUFFER_FLAG_DEFAULT;
    if (from == 0) flags |= HB_BUFFER_FLAG_BOT;
    if (to == job.n) flags |= HB_BUFFER_FLAG_EOT;
    hb_buffer_set_flags(buffer, static_cast<hb_buffer_flags_t>(flags));
    hb_shape(job.m.Sized(item.font, job.size)->hb, buffer, nullptr, 0);
    ++job.m.stats.runs_shaped;
}

// 4b. Each item shaped once; the glyphs kept in the scratch, and the advance of every
//     prefix of the paragraph (26.6) for the line breaking.
void ShapeItems(ParagraphJob& job) {
    Scratch& s = job.s;
    const std::int32_t n = job.n;
    s.infos.clear();
    s.positions.clear();
    s.prefix_advance.assign(n + 1, 0);
    for (Item& item : s.items) {
        ShapeRange(job, item, item.start, item.end);
        unsigned count = 0;
        hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(job.m.buffer, &count);
        hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(job.m.buffer, &count);
        item.glyph_begin = static_cast<std::uint32_t>(s.infos.size());
        s.infos.insert(s.infos.end(), infos, infos + count);
        s.positions.insert(s.positions.end(), pos, pos + count);
        item.glyph_end = static_cast<std::uint32_t>(s.infos.size());
        for (unsigned g = 0; g < count; ++g)
            s.prefix_advance[infos[g].cluster + 1] += pos[g].x_advance;
    }
    for (std::int32_t i = 0; i < n; ++i) s.prefix_advance[i + 1] += s.prefix_advance[i];
}

// The end of [from, to) without its trailing white space (which does not count for width).
std::int32_t TrimEnd(const Scratch& s, std::int32_t from, std::int32_t to) {
    while (to > from && u_isUWhiteSpace(s.u16[to - 1])) --to;
    return to;
}

// 5. Line breaks on the logical text: ICU's break opportunities filled greedily with the
//    shaped advances; a word wider than the whole line is cut between characters.
void BreakLines(ParagraphJob& job) {
    Scratch& s = job.s;
    const std::int32_t n = job.n;
    const auto& prefix = s.prefix_advance;
    s.line_ranges.clear();
    if (n == 0) {
        s.line_ranges.emplace_back(0, 0);
        return;
    }
    icu::BreakIterator* breaker = job.m.BreakerFor(job.req.lang);
    UErrorCode err = U_ZERO_ERROR;
    UText text = UTEXT_INITIALIZER;
    utext_openUChars(&text, job.u, n, &err);
    breaker->setText(&text, err);
    const std::int64_t max_width =
        job.req.max_width_px > 0 ? static_cast<std::int64_t>(std::llround(job.req.max_width_px * 64))
                                 : INT64_MAX;
    std::int32_t line_start = 0, last_ok = 0;
    for (std::int32_t b = breaker->next(); b != icu::BreakIterator::DONE; b = breaker->next()) {
        std::int32_t status = breaker->getRuleStatus();
        bool hard = status >= UBRK_LINE_HARD && status < UBRK_LINE_HARD_LIMIT;
        while (max_width != INT64_MAX && last_ok > line_start &&
               prefix[TrimEnd(s, line_start, b)] - prefix[line_start] > max_width) {
            s.line_ranges.emplace_back(line_start, last_ok);
            line_start = last_ok;
        }
        // A single word wider than the line (a long German compound on a narrow button):
        // cut it between characters, never before a combining mark, rather than overflow.
        while (max_width != INT64_MAX && last_ok <= line_start &&
               prefix[TrimEnd(s, line_start, b)] - prefix[line_start] > max_width) {
            std::int32_t cut = line_start;
            for (std::int32_t k = line_start, next = 0; k < b; k = next) {
                UChar32 c = CodePointAt(s.u16, k, next);
                if (k > line_start && !ClingsToPrevious(c)) {
                    if (prefix[k] - prefix[line_start] > max_width) break;
                    cut = k;
                }
                if (cut == line_start && next < b &&
                    prefix[next] - prefix[line_start] > max_width) {
                    cut = next;  // not even one character fits: one per line
                    break;
                }
            }
            if (cut <= line_start || cut >= b) break;
            s.line_ranges.emplace_back(line_start, cut);
            line_start = cut;
            last_ok = cut;
        }
        last_ok = b;
        if ((hard || b == n) && b > line_start) {
            s.line_ranges.emplace_back(line_start, b);
            line_start = b;
        }
    }
    if (line_start < n) s.line_ranges.emplace_back(line_start, n);
    utext_close(&text);
}

// The glyphs of an item whose clusters lie in [from, to). HarfBuzz keeps clusters monotonic
// (ascending left to right, descending for right-to-left), so they are one slice.
std::pair<unsigned, unsigned> GlyphSlice(const hb_glyph_info_t* infos, unsigned count, bool rtl,
                                         std::int32_t from, std::int32_t to) {
    auto cl = [](const hb_glyph_info_t& g) { return static_cast<std::int32_t>(g.cluster); };
    const hb_glyph_info_t* end = infos + count;
    const hb_glyph_info_t *first, *last;
    if (!rtl) {
        first = std::partition_point(infos, end, [&](const auto& g) { return cl(g) < from; });
        last = std::partition_point(first, end, [&](const auto& g) { return cl(g) < to; });
    } else {
        first = std::partition_point(infos, end, [&](const auto& g) { return cl(g) >= to; });
        last = std::partition_point(first, end, [&](const auto& g) { return cl(g) >= from; });
    }
    return {static_cast<unsigned>(first - infos), static_cast<unsigned>(last - infos)};
}

// Whether the item's shaped glyphs may be cut at `at` (a cluster starts there and HarfBuzz
// does not mark it unsafe to break), so a line's piece reuses them instead of reshaping.
bool GlyphCutIsSafe(const Scratch& s, const Item& item, std::int32_t at) {
    const hb_glyph_info_t* infos = s.infos.data() + item.glyph_begin;
    const unsigned count = item.glyph_end - item.glyph_begin;
    // The glyphs of the cluster starting at `at`, if one starts there.
    auto [first, last] = GlyphSlice(infos, count, item.level & 1, at, at + 1);
    if (first == last) return false;  // the cut falls inside a cluster
    return !(hb_glyph_info_get_glyph_flags(&infos[first]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK);
}

// One line being filled with runs, left to right.
struct LineFill {
    Line& line;
    std::int64_t pen = 0;  // 26.6
    std::int32_t ascent = 0, descent = 0;
};

// Appends the run of `item` over [from, to) at the pen: the item's glyphs when the cut is
// safe, else the piece reshaped.
void EmitRun(ParagraphJob& job, LineFill& fill, const Item& item, std::int32_t from, std::int32_t to) {
    const Scratch& s = job.s;
    const auto& map = s.u16_to_byte;
    Run& run = fill.line.runs.emplace_back();
    run.font = item.font;
    run.script = HbScript(item.script);
    run.rtl = item.level & 1;
    run.start = map[from];
    run.end = map[to];
    run.x = fill.pen / 64.f;
    const SizedFont* sf = job.m.Sized(item.font, job.size);
    fill.ascent = std::max(fill.ascent, sf->ascender);
    fill.descent = std::max(fill.descent, sf->descender);
    const hb_glyph_info_t* infos = s.infos.data() + item.glyph_begin;
    const hb_glyph_position_t* pos = s.positions.data() + item.glyph_begin;
    unsigned count = item.glyph_end - item.glyph_begin;
    bool whole = from == item.start && to == item.end;
    if (!whole && !((from == item.start || GlyphCutIsSafe(s, item, from)) &&
                    (to == item.end || GlyphCutIsSafe(s, item, to)))) {
        ShapeRange(job, item, from, to);
        ++job.m.stats.runs_reshaped;
        infos = hb_buffer_get_glyph_infos(job.m.buffer, &count);
        pos = hb_buffer_get_glyph_positions(job.m.buffer, &count);
    }
    std::int64_t run_width = 0;
    auto [first, last] = GlyphSlice(infos, count, run.rtl, from, to);
    run.glyphs.reserve(last - first);
    for (unsigned g = first; g < last; ++g) {
        auto cl = static_cast<std::int32_t>(infos[g].cluster);
        run.glyphs.push_back({infos[g].codepoint, map[cl], pos[g].x_advance,
                              pos[g].y_advance, pos[g].x_offset, pos[g].y_offset});
        run_width += pos[g].x_advance;
    }
    fill.pen += run_width;
    run.width = run_width / 64.f;
}

// 6. Lines in visual order: each line reordered with ubidi_setLine into visual runs, and
//    inside a right-to-left run the items in reverse.
void BuildVisualLines(ParagraphJob& job) {
    const Scratch& s = job.s;
    const auto& map = s.u16_to_byte;
    job.out.lines.reserve(s.line_ranges.size());
    for (auto [ls, le] : s.line_ranges) {
        const std::int32_t te = TrimEnd(s, ls, le);
        Line& line = job.out.lines.emplace_back();
        line.start = map[ls];
        line.end = map[te];
        LineFill fill{line, 0, job.primary->ascender, job.primary->descender};

        if (te > ls) {
            UErrorCode err = U_ZERO_ERROR;
            if (job.bidi_ok) ubidi_setLine(job.m.para_bidi, ls, te, job.m.line_bidi, &err);
            std::int32_t run_count =
                job.bidi_ok && U_SUCCESS(err) ? ubidi_countRuns(job.m.line_bidi, &err) : 0;
            if (!job.bidi_ok || U_FAILURE(err) || run_count <= 0) {
                // Cannot happen with valid UTF-16; still lay the line out in logical order.
                for (const Item& item : s.items)
                    if (item.end > ls && item.start < te)
                        EmitRun(job, fill, item, std::max(ls, item.start), std::min(te, item.end));
            } else {
                for (std::int32_t r = 0; r < run_count; ++r) {
                    std::int32_t logical_start = 0, length = 0;
                    UBiDiDirection dir = ubidi_getVisualRun(job.m.line_bidi, r, &logical_start, &length);
                    const std::int32_t a = ls + logical_start, b = a + length;
                    auto first = std::partition_point(s.items.begin(), s.items.end(),
                                                      [a](const Item& it) { return it.end <= a; });
                    auto last = std::partition_point(first, s.items.end(),
                                                     [b](const Item& it) { return it.start < b; });
                    if (dir == UBIDI_RTL) {
                        for (auto it = last; it != first;) {
                            --it;
                            EmitRun(job, fill, *it, std::max(a, it->start), std::min(b, it->end));
                        }
                    } else {
                        for (auto it = first; it != last; ++it)
                            EmitRun(job, fill, *it, std::max(a, it->start), std::min(b, it->end));
                    }
                }
            }
        }
        line.width = fill.pen / 64.f;
        line.ascent = fill.ascent / 64.f;
        line.descent = fill.descent / 64.f;
    }
}

// 7. The lines placed in the paragraph's box: one ascent and descent for all, baselines
//    down the box, and each line aligned.
void PlaceLines(const LayoutRequest& req, float line_gap, Paragraph& out) {
    // Every line of a paragraph gets the tallest ascent and descent of any of its lines, so a
    // line holding a Latin ticket code is not spaced wider than its Arabic neighbours.
    float ascent = 0, descent = 0;
    for (const Line& line : out.lines) {
        ascent = std::max(ascent, line.ascent);
        descent = std::max(descent, line.descent);
    }
    float y = 0;
    for (Line& line : out.lines) {
        line.ascent = ascent;
        line.descent = descent;
        line.baseline = y + ascent;
        y += ascent + descent + line_gap;
    }
    out.width = 0;
    for (const Line& line : out.lines) out.width = std::max(out.width, line.width);
    out.height = y;
    out.box_width = req.max_width_px > 0 ? req.max_width_px : out.width;
    for (Line& line : out.lines) {
        float free = out.box_width - line.width;
        switch (req.align) {
            case Align::kStart:
                line.x = out.rtl ? free : 0;
                break;
            case Align::kEnd:
                line.x = out.rtl ? 0 : free;
                break;
            case Align::kCenter:
                line.x = free / 2;
                break;
        }
    }
}

}  // namespace

// The steps in order (the file's head says why this order).
void Engine::Impl::LayoutInto(const LayoutRequest& req, Paragraph& out) {
    ++stats.paragraphs_shaped;
    Scratch& s = scratch;
    DecodeUtf8(req.text, s.u16, s.u16_to_byte);
    ReplaceControlCharacters(s.u16);

    out.lines.clear();
    out.size_px = req.size_px;
    out.size_26_6 = SizeTo26_6(req.size_px);
    out.rtl = IsRightToLeft(req.lang);
    const auto& chain = ChainFor(req.lang);
    ParagraphJob job{*this, req, out, s, static_cast<std::int32_t>(s.u16.size()),
                     reinterpret_cast<const UChar*>(s.u16.data()), out.size_26_6, chain};
    job.primary = Sized(chain[0], job.size);
    job.language = hb_language_from_string(req.lang.data(), static_cast<int>(req.lang.size()));

    ResolveBidiLevels(job);       // 1
    ResolveScriptsAndFonts(job);  // 2, 3
    BuildItems(job);              // 4
    ShapeItems(job);
    BreakLines(job);              // 5
    BuildVisualLines(job);        // 6
    PlaceLines(req, job.primary->line_gap / 64.f, out);
}

// ---------------------------------------------------------------------------------------

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Create(const EngineOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    if (options.atlas_page_size < 64 || options.atlas_max_pages < 1)
        return MakeError(
            ErrorCode::kInvalidInput,
            "The glyph atlas needs pages of at least 64 pixels and at least one page.");
    impl->atlas = GlyphAtlas(options.atlas_page_size, options.atlas_max_pages);
    if (auto st = LoadFonts(*impl); !st) return st.error();
    if (auto st = LoadPictogramNames(*impl); !st) return st.error();
    UErrorCode err = U_ZERO_ERROR;
    impl->para_bidi = ubidi_open();
    impl->line_bidi = ubidi_open();
    impl->buffer = hb_buffer_create();
    if (!impl->para_bidi || !impl->line_bidi || !hb_buffer_allocation_successful(impl->buffer) ||
        U_FAILURE(err))
        return MakeError(ErrorCode::kInternal, "The text engine could not allocate its buffers.");
    return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

std::shared_ptr<const Paragraph> Engine::Layout(const LayoutRequest& request) {
    Impl& m = *impl_;
    const std::uint64_t key = HashRequest(request);
    auto it = m.cache.find(key);
    if (it != m.cache.end() && Matches(it->second, request)) {
        it->second.last_used = ++m.cache_clock;
        ++m.stats.cache_hits;
        return it->second.paragraph;
    }
    auto paragraph = std::make_shared<Paragraph>();
    m.LayoutInto(request, *paragraph);
    if (it == m.cache.end() && m.cache.size() >= m.options.layout_cache_capacity) {
        // Drop the least recently used quarter at once, so eviction cost is amortised.
        std::vector<std::uint64_t> uses;
        uses.reserve(m.cache.size());
        for (const auto& [k, e] : m.cache) uses.push_back(e.last_used);
        auto nth = uses.begin() + static_cast<std::ptrdiff_t>(uses.size() / 4);
        std::nth_element(uses.begin(), nth, uses.end());
        const std::uint64_t cutoff = *nth;
        std::erase_if(m.cache, [cutoff](const auto& kv) { return kv.second.last_used <= cutoff; });
        it = m.cache.end();
    }
    CacheEntry entry{std::string(request.text),
                     std::string(request.lang),
                     request.size_px,
                     request.max_width_px,
                     request.align,
                     paragraph,
                     ++m.cache_clock};
    if (it != m.cache.end()) {
        it->second = std::move(entry);  // a hash collision: the newer text wins the slot
    } else {
        m.cache.emplace(key, std::move(entry));
    }
    return paragraph;
}

Paragraph Engine::LayoutUncached(const LayoutRequest& request) {
    Paragraph paragraph;
    impl_->LayoutInto(request, paragraph);
    return paragraph;
}

Size Engine::Measure(const LayoutRequest& request) {
    auto p = Layout(request);
    return {p->width, p->height};
}

void Engine::ClearLayoutCache() {
    impl_->cache.clear();
}

const EngineStats& Engine::stats() const {
    return impl_->stats;
}

std::string ScriptName(std::uint32_t script) {
    char tag[5] = {};
    hb_tag_to_string(hb_script_to_iso15924_tag(static_cast<hb_script_t>(script)), tag);
    return tag;
}

// ---------------------------------------------------------------------------------------
// Atlas access

void Engine::BeginFrame() {
    impl_->atlas.BeginFrame();
}

const AtlasGlyph* Engine::GlyphImage(std::uint16_t font, std::int32_t size_26_6,
                                     std::uint32_t glyph_id) {
    Impl& m = *impl_;
    const std::uint64_t key = (static_cast<std::uint64_t>(font) << 56) |
                              (static_cast<std::uint64_t>(size_26_6 & 0xFFFFFF) << 32) | glyph_id;
    if (const AtlasGlyph* found = m.atlas.Find(key)) return found;
    SizedFont* sf = m.Sized(font, size_26_6);
    if (!sf || FT_Load_Glyph(sf->face, glyph_id, FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT) != 0) {
        return m.atlas.Insert(key, 0, 0, 0, 0, nullptr, 0, m.stats);  // draw nothing, remember that
    }
    ++m.stats.glyphs_rasterised;
    FT_GlyphSlot slot = sf->face->glyph;
    const FT_Bitmap& bm = slot->bitmap;
    if (bm.pixel_mode == FT_PIXEL_MODE_GRAY || bm.width == 0 || bm.rows == 0) {
        return m.atlas.Insert(key, static_cast<int>(bm.width), static_cast<int>(bm.rows),
                              slot->bitmap_left, slot->bitmap_top, bm.buffer, bm.pitch, m.stats);
    }
    // Monochrome bitmaps (rare in these fonts): expand to coverage.
    std::vector<std::uint8_t> gray(static_cast<std::size_t>(bm.width) * bm.rows);
    for (unsigned r = 0; r < bm.rows; ++r)
        for (unsigned c = 0; c < bm.width; ++c) {
            const unsigned char* row = bm.buffer + static_cast<std::ptrdiff_t>(r) * bm.pitch;
            gray[r * bm.width + c] = (bm.pixel_mode == FT_PIXEL_MODE_MONO)
                                         ? ((row[c / 8] >> (7 - c % 8)) & 1) * 255
                                         : row[c];
        }
    return m.atlas.Insert(key, static_cast<int>(bm.width), static_cast<int>(bm.rows),
                          slot->bitmap_left, slot->bitmap_top, gray.data(),
                          static_cast<int>(bm.width), m.stats);
}

int Engine::AtlasPageSize() const {
    return impl_->atlas.page_size();
}
int Engine::AtlasPageCount() const {
    return impl_->atlas.page_count();
}
const std::uint8_t* Engine::AtlasPixels(int page) const {
    return impl_->atlas.pixels(page);
}
std::span<const AtlasRect> Engine::AtlasDirtyRects(int page) const {
    return impl_->atlas.dirty(page);
}
void Engine::ClearAtlasDirty(int page) {
    impl_->atlas.ClearDirty(page);
}

}  // namespace anl::text
