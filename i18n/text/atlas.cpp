// The glyph atlas: shelves on pages of 8-bit coverage, least-recently-used shelf eviction,
// dirty rectangles for the GPU upload. See the invariants beside GlyphAtlas in internal.h.
#include <algorithm>
#include <cstring>
#include <limits>

#include "i18n/text/internal.h"

namespace anl::text {
namespace {
constexpr std::uint32_t kNoShelf = std::numeric_limits<std::uint32_t>::max();
constexpr int kPad = 1;  // an empty texel between glyphs so linear filtering never bleeds
}  // namespace

const AtlasGlyph* GlyphAtlas::Find(std::uint64_t key) {
    auto it = slots_.find(key);
    if (it == slots_.end()) return nullptr;
    it->second.last_used = frame_;
    if (it->second.shelf != kNoShelf) shelves_[it->second.shelf].last_used = frame_;
    return &it->second.glyph;
}

void GlyphAtlas::MarkDirty(int page, AtlasRect rect) {
    auto& dirty = pages_[page].dirty;
    auto contains = [&rect](const AtlasRect& r) {
        return r.x <= rect.x && r.y <= rect.y && r.x + r.w >= rect.x + rect.w &&
               r.y + r.h >= rect.y + rect.h;
    };
    if (!dirty.empty()) {
        if (contains(dirty.front()) || contains(dirty.back()))
            return;  // e.g. a new page, sent whole
        AtlasRect& last = dirty.back();
        // Glyphs go left to right along a shelf: grow the shelf's rectangle instead of adding one.
        if (last.y == rect.y && last.h == rect.h && last.x + last.w == rect.x) {
            last.w += rect.w;
            return;
        }
    }
    dirty.push_back(rect);
}

int GlyphAtlas::FindShelf(int w, int h, EngineStats& stats) {
    // 1. An open shelf of about this height with room left: the lowest one that fits.
    int best = -1;
    for (int i = 0; i < static_cast<int>(shelves_.size()); ++i) {
        const Shelf& s = shelves_[i];
        if (s.height >= h && s.height <= h + h / 4 + 4 && page_size_ - s.next_x >= w &&
            (best < 0 || s.height < shelves_[best].height))
            best = i;
    }
    if (best >= 0) return best;
    // 2. A new shelf below the last one of a page, or on a new page.
    const int shelf_height = std::min(page_size_, (h + 3) / 4 * 4);
    auto open_shelf = [&](int page) {
        Shelf s;
        s.page = page;
        s.y = pages_[page].next_shelf_y;
        s.height = shelf_height;
        pages_[page].next_shelf_y += shelf_height;
        for (int i = 0; i < static_cast<int>(shelves_.size()); ++i)
            if (shelves_[i].height == 0) {  // an entry left by a merge
                shelves_[i] = std::move(s);
                return i;
            }
        shelves_.push_back(std::move(s));
        return static_cast<int>(shelves_.size()) - 1;
    };
    for (int p = 0; p < page_count(); ++p)
        if (pages_[p].next_shelf_y + shelf_height <= page_size_) return open_shelf(p);
    if (page_count() < max_pages_) {
        Page& page = pages_.emplace_back();
        page.pixels.assign(static_cast<std::size_t>(page_size_) * page_size_, 0);
        page.dirty.push_back({0, 0, page_size_, page_size_});
        return open_shelf(page_count() - 1);
    }
    // 3. Evict: the band of vertically adjacent shelves on one page, none drawn from in this
    //    frame, tall enough together, whose newest use is oldest. A single shelf is a band of
    //    one; merging neighbours lets short shelves of small sizes make room for large glyphs.
    struct Band {
        int page = -1;
        std::vector<int> shelves;
        std::uint64_t newest = 0;
        int height = 0;
    } best_band;
    std::vector<int> order;
    for (int p = 0; p < page_count(); ++p) {
        order.clear();
        for (int i = 0; i < static_cast<int>(shelves_.size()); ++i)
            if (shelves_[i].page == p && shelves_[i].height > 0) order.push_back(i);
        std::sort(order.begin(), order.end(),
                  [this](int a, int b) { return shelves_[a].y < shelves_[b].y; });
        for (std::size_t first = 0; first < order.size(); ++first) {
            int height = 0;
            std::uint64_t newest = 0;
            for (std::size_t k = first; k < order.size(); ++k) {
                const Shelf& s = shelves_[order[k]];
                if (s.last_used >= frame_) break;
                height += s.height;
                newest = std::max(newest, s.last_used);
                if (height >= h) {
                    if (best_band.page < 0 || newest < best_band.newest ||
                        (newest == best_band.newest && height < best_band.height)) {
                        best_band.page = p;
                        best_band.shelves.assign(
                            order.begin() + static_cast<std::ptrdiff_t>(first),
                            order.begin() + static_cast<std::ptrdiff_t>(k) + 1);
                        best_band.newest = newest;
                        best_band.height = height;
                    }
                    break;
                }
            }
        }
    }
    if (best_band.page < 0) return -1;
    const int victim = best_band.shelves.front();
    for (int index : best_band.shelves) {
        Shelf& s = shelves_[index];
        for (std::uint64_t key : s.keys) slots_.erase(key);
        s.keys.clear();
        s.next_x = 0;
        if (index != victim) s.height = 0;  // merged into the victim; its entry is reused later
    }
    Shelf& s = shelves_[victim];
    s.height = best_band.height;
    s.last_used = frame_;
    Page& page = pages_[s.page];
    for (int row = s.y; row < s.y + s.height; ++row)
        std::memset(page.pixels.data() + static_cast<std::size_t>(row) * page_size_, 0, page_size_);
    MarkDirty(s.page, {0, s.y, page_size_, s.height});
    ++stats.atlas_evictions;
    return victim;
}

const AtlasGlyph* GlyphAtlas::Insert(std::uint64_t key, int width, int height, int left, int top,
                                     const std::uint8_t* rows, int pitch, EngineStats& stats) {
    ANL_ASSERT(!slots_.contains(key) && "Insert only glyphs Find did not have");
    Slot slot;
    slot.glyph.left = static_cast<std::int16_t>(left);
    slot.glyph.top = static_cast<std::int16_t>(top);
    slot.last_used = frame_;
    slot.shelf = kNoShelf;
    if (width <= 0 || height <= 0) {
        return &slots_.emplace(key, slot).first->second.glyph;
    }
    const int w = width + kPad, h = height + kPad;
    if (w > page_size_ || h > page_size_) {
        ++stats.atlas_overflows;
        return nullptr;
    }
    const int shelf_index = FindShelf(w, h, stats);
    if (shelf_index < 0) {
        ++stats.atlas_overflows;
        return nullptr;
    }
    Shelf& shelf = shelves_[shelf_index];
    const int x = shelf.next_x, y = shelf.y;
    shelf.next_x += w;
    shelf.last_used = frame_;
    shelf.keys.push_back(key);
    Page& page = pages_[shelf.page];
    for (int r = 0; r < height; ++r)
        std::memcpy(page.pixels.data() + static_cast<std::size_t>(y + r) * page_size_ + x,
                    rows + static_cast<std::ptrdiff_t>(r) * pitch, width);
    MarkDirty(shelf.page, {x, y, w, shelf.height});
    slot.glyph.page = static_cast<std::uint16_t>(shelf.page);
    slot.glyph.x = static_cast<std::uint16_t>(x);
    slot.glyph.y = static_cast<std::uint16_t>(y);
    slot.glyph.w = static_cast<std::uint16_t>(width);
    slot.glyph.h = static_cast<std::uint16_t>(height);
    slot.shelf = static_cast<std::uint32_t>(shelf_index);
    return &slots_.emplace(key, slot).first->second.glyph;
}

}  // namespace anl::text
