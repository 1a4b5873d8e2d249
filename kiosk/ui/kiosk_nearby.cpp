// Kiosk: "Other help nearby", the partner organisations for the topic the visitor chose. One
// card a partner: its name, address and hours as written, the visitor's language in a
// sentence when it is spoken there, the languages spoken, and a QR code of its web page (or
// address) at the end side for a phone. Nothing is printed or recorded.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

void DrawPartnersScreen(const PartnersView& view, UiActions& actions) {
    const Frame f = BeginReadingScreen("nearby_partners", view.chrome.lang);  // its touch targets at its foot
    Rect area = KioskChromeTop(f, view.chrome, actions, /*reading=*/true);

    // Heading: the topic's pictogram, the topic, and how to take the address along. Large
    // text: the topic and the sentence as tall as they need at the full size.
    const bool large = f.modes.large_text;
    const float icon = f.Px(96);
    Rect head{area.min, area.max};
    if (f.rtl) head.max.x -= icon + f.Px(28); else head.min.x += icon + f.Px(28);
    TextStyle title;
    title.size_px = f.Px(56);
    title.bold = true;
    TextStyle sub;
    sub.size_px = f.Px(34);
    sub.color = theme::kTextMuted;
    const float title_h = large ? std::clamp(MeasureText(f, view.title, title, head.Width()).y + f.Px(4), f.Px(84), f.Px(240)) : f.Px(84);
    const float sub_top = title_h + f.Px(6);
    const float head_h = large ? sub_top + std::clamp(MeasureText(f, view.subtitle, sub, head.Width()).y + f.Px(4), f.Px(60), f.Px(220))
                               : f.Px(150);
    head.max.y = head.min.y + head_h;
    const Rect icon_box = f.Start(Rect{area.min, {area.max.x, head.max.y}}, icon);
    Pictogram(f, view.pictogram, Rect{icon_box.min, {icon_box.max.x, icon_box.min.y + icon}}, theme::kPictogram);
    FitText(f, view.title, Rect{head.min, {head.max.x, head.min.y + title_h}}, title, VAlign::kCenter);
    FitText(f, view.subtitle, Rect{{head.min.x, head.min.y + sub_top}, head.max}, sub, VAlign::kCenter);
    area.min.y += head_h + f.Px(24);

    const float gap = f.Px(24);
    // Large text: the partners in pages, turned at the foot (the screen's touch targets stay there).
    PageButtons(f, area, gap, view.page, view.pages, view.previous_page_label, view.next_page_label, actions);
    const int count = int(view.partners.size());
    // One card a row in large text: the full width keeps address and hours on their lines.
    const int columns = (f.portrait || f.NarrowBand() || f.modes.large_text || count <= 1) ? 1 : 2;
    const int rows = std::max(1, (count + columns - 1) / columns);
    const float cell_w = (area.Width() - gap * float(columns - 1)) / float(columns);
    const float cell_h = std::min((area.Height() - gap * float(rows - 1)) / float(rows), f.Px(large ? 620 : 420));
    // Every card has the same boxes: the languages line of all cards shares one size (the
    // smallest that fits each), so no card's line looks shrunk beside another's.
    const float pad_x = f.Px(28), pad_y = f.Px(24);
    const float in_h = cell_h - 2 * pad_y;
    const float qr_side = std::min(in_h, f.Px(260));
    const float text_w = cell_w - 2 * pad_x - qr_side - f.Px(28);
    const float line = (in_h - f.Px(12)) / 6.0f;  // name 1.6, address, hours, own language, languages 1.4
    const float langs_y = 1.6f * line + f.Px(4) + 2 * line + f.Px(4) + line;
    const Rect langs_box{{0, 0}, {text_w, in_h - langs_y}};
    TextStyle langs;
    langs.size_px = f.Px(30);
    langs.color = theme::kTextMuted;
    for (const auto& p : view.partners)
        langs.size_px = std::min(langs.size_px, FitSize(f, view.languages_label + " " + p.languages, langs_box, langs, 0.7f));
    for (int i = 0; i < count; ++i) {
        const PartnerCard& p = view.partners[size_t(i)];
        // Row by row: the first card (the visitor's language spoken there) at the start side.
        const int column = i % columns, row = i / columns;
        Rect card{{area.min.x + float(column) * (cell_w + gap), area.min.y + float(row) * (cell_h + gap)},
                  {area.min.x + float(column) * (cell_w + gap) + cell_w, area.min.y + float(row) * (cell_h + gap) + cell_h}};
        card = f.PlaceIn(card, area);
        Card(card, theme::kSurface, theme::kBorder, f.Px(24));
        const Rect in = Inset(card, pad_x, pad_y);
        // The QR code at the end side, as large as the card allows (a phone reads it).
        const Rect qr_col = f.End(in, qr_side);
        DrawQr(Rect{{qr_col.min.x, in.min.y + (in.Height() - qr_side) * 0.5f},
                    {qr_col.max.x, in.min.y + (in.Height() + qr_side) * 0.5f}},
               p.qr_size, p.qr_modules, "partner-qr-" + std::to_string(i));
        Rect text = in;
        if (f.rtl) text.min.x += qr_side + f.Px(28); else text.max.x -= qr_side + f.Px(28);

        // Name (up to two lines), then address and hours with their pictograms, then languages.
        float y = text.min.y;
        TextStyle name;
        name.size_px = f.Px(38);
        name.bold = true;
        // Names, addresses and hours are German data as written: laid out as German text.
        name.align = AlignToFrameStart(f, "de");
        FitText(f, p.name, Rect{{text.min.x, y}, {text.max.x, y + 1.6f * line}}, name, VAlign::kCenter, 0.6f, "de");
        LogBox("partner-" + std::to_string(i), card);
        y += 1.6f * line + f.Px(4);
        TextStyle detail;
        detail.size_px = f.Px(32);
        detail.align = AlignToFrameStart(f, "de");
        const float pic = std::min(line, f.Px(44));
        for (const auto& [pictogram, value] : {std::pair<const char*, const std::string*>{"place", &p.address},
                                               std::pair<const char*, const std::string*>{"schedule", &p.hours}}) {
            const Rect row_box{{text.min.x, y}, {text.max.x, y + line}};
            Pictogram(f, pictogram, f.Start(row_box, pic), theme::kPictogram);
            Rect value_box = row_box;
            if (f.rtl) value_box.max.x -= pic + f.Px(14); else value_box.min.x += pic + f.Px(14);
            FitText(f, *value, value_box, detail, VAlign::kCenter, 0.6f, "de");
            y += line;
        }
        y += f.Px(4);
        // The visitor's own language first, in a sentence; then every language spoken there.
        TextStyle own;
        own.size_px = f.Px(32);
        own.bold = true;
        own.color = theme::kPositive;
        if (!p.own_language.empty()) {
            const Rect row_box{{text.min.x, y}, {text.max.x, y + line}};
            Pictogram(f, "record_voice_over", f.Start(row_box, pic), theme::kPositive);
            Rect value_box = row_box;
            if (f.rtl) value_box.max.x -= pic + f.Px(14); else value_box.min.x += pic + f.Px(14);
            FitText(f, p.own_language, value_box, own, VAlign::kCenter);
            LogBox("partner-own-language-" + std::to_string(i), value_box);
        }
        y += line;
        FitText(f, view.languages_label + " " + p.languages, Rect{{text.min.x, y}, {text.max.x, text.max.y}}, langs,
                VAlign::kTop, 1.0f);
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
