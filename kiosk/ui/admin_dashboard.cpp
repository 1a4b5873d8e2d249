// Administration, Dashboard: the key figures of a period (kiosk/figures over the store's
// events) for administrators and supervisors. A period and an office picker; today's live
// view (waiting now, longest wait, counters open per office); then one chart at a time —
// waiting times per office (bars), arrivals per day or hour (line), arrivals by hour and
// weekday (heat map), walk-ins and appointments, languages — drawn with ImDrawList, its axis
// labels through the text engine, and its table beside it. Right to left, the charts mirror:
// the first category, day or hour stands at the right.
#include <algorithm>
#include <cmath>

#include "kiosk/ui/admin_parts.h"

namespace anl::ui {

namespace {

constexpr ImU32 kSeriesColors[] = {IM_COL32(28, 86, 160, 255), IM_COL32(214, 140, 20, 255), IM_COL32(150, 40, 90, 255),
                                   IM_COL32(22, 120, 70, 255)};
constexpr ImU32 kGridColor = IM_COL32(214, 212, 206, 255);

ImU32 SeriesColor(size_t i) { return kSeriesColors[i % (sizeof kSeriesColors / sizeof kSeriesColors[0])]; }

// A round top for the value axis: 1, 2, 2.5, 5 times a power of ten at or above `max`.
double NiceTop(double max) {
    if (max <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(max)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= max) return m * p;
    return 10 * p;
}

std::string AxisNumber(double v) {
    char buf[32];
    if (v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// x in left-to-right terms inside `box`, mirrored for right to left.
float X(const Frame& f, const Rect& box, float ltr_x) { return f.rtl ? box.min.x + box.max.x - ltr_x : ltr_x; }

void Chips(const Frame& f, const Rect& row, std::string_view label, const std::vector<AdminChip>& chips, float chip_w,
           Action action, const char* log_prefix, UiActions& actions) {
    TextStyle ls;
    ls.size_px = f.Px(20);
    ls.color = theme::kTextMuted;
    float x = 0;
    if (label.empty()) {  // tabs: the row shared out
        chip_w = std::min(chip_w, (row.Width() - f.Px(8) * float(chips.size() - 1)) / float(std::max<size_t>(1, chips.size())));
    } else {
        FitText(f, label, f.Start(row, f.Px(150)), ls, VAlign::kCenter);
        x = f.Px(160);
    }
    for (size_t i = 0; i < chips.size(); ++i) {
        if (x + chip_w > row.Width()) break;  // more offices than fit: the rest stay off (never overlap)
        ImGui::PushID(log_prefix);
        ImGui::PushID(int(i));
        const Rect c = f.PlaceIn(Rect{{row.min.x + x, row.min.y}, {row.min.x + x + chip_w, row.max.y}}, row);
        if (AdminButton(f, "##chip", c, chips[i].label, chips[i].selected ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet,
                        true, std::string(log_prefix) + (chips[i].id.empty() ? "all" : chips[i].id)))
            actions.Emit(action, chips[i].id);
        ImGui::PopID();
        ImGui::PopID();
        x += chip_w + f.Px(8);
    }
}

// A table: its header in bold, rows as tall as fit (at most 34 px), the first column at the
// start side and the numbers after it. Logged as `name`.
void Table(const Frame& f, const AdminTable& table, const Rect& box, std::string_view name) {
    if (table.columns.empty()) return;
    LogBox(name, box);
    const size_t n = table.columns.size();
    const float row_h = std::min(f.Px(34), box.Height() / float(table.rows.size() + 1));
    const float first_w = box.Width() * (n == 1 ? 1.0f : 0.34f);
    const float other_w = n == 1 ? 0 : (box.Width() - first_w) / float(n - 1);
    auto cell = [&](size_t column, float y) {
        const float x0 = column == 0 ? 0 : first_w + other_w * float(column - 1);
        const float x1 = column == 0 ? first_w : x0 + other_w;
        return f.PlaceIn(Rect{{box.min.x + x0, y}, {box.min.x + x1, y + row_h}}, box);
    };
    TextStyle head;
    head.size_px = std::min(f.Px(20), row_h * 0.7f);
    head.bold = true;
    head.color = theme::kTextMuted;
    for (size_t c = 0; c < n; ++c) {
        TextStyle s = head;
        s.align = c == 0 ? AlignToFrameStart(f, f.lang) : TextAlign::kEnd;
        FitText(f, table.columns[c], Inset(cell(c, box.min.y), f.Px(6), 0), s, VAlign::kCenter, 0.5f);
    }
    Draw()->AddLine({box.min.x, box.min.y + row_h}, {box.max.x, box.min.y + row_h}, theme::kBorder, 1.5f);
    TextStyle body;
    body.size_px = std::min(f.Px(20), row_h * 0.7f);
    for (size_t r = 0; r < table.rows.size(); ++r) {
        const float y = box.min.y + row_h * float(r + 1);
        if (r % 2 == 1) Draw()->AddRectFilled({box.min.x, y}, {box.max.x, y + row_h}, IM_COL32(243, 242, 238, 255));
        for (size_t c = 0; c < n && c < table.rows[r].size(); ++c) {
            TextStyle s = body;
            s.align = c == 0 ? AlignToFrameStart(f, f.lang) : TextAlign::kEnd;
            FitText(f, table.rows[r][c], Inset(cell(c, y), f.Px(6), 0), s, VAlign::kCenter, 0.5f);
        }
    }
}

// The value axis at the start side (its numbers, grid lines and unit), the category labels
// under the plot. Returns the plot's rectangle.
Rect Axes(const Frame& f, const Rect& box, const AdminChart& chart, double top, size_t label_every) {
    const float axis_w = f.Px(64);
    Rect plot{{box.min.x + axis_w, box.min.y + f.Px(34)}, {box.max.x - f.Px(8), box.max.y - f.Px(40)}};
    plot = f.PlaceIn(plot, box);
    TextStyle unit;
    unit.size_px = f.Px(18);
    unit.color = theme::kTextMuted;
    FitText(f, chart.unit, f.PlaceIn(Rect{box.min, {box.max.x, box.min.y + f.Px(28)}}, box), unit, VAlign::kTop);
    TextStyle tick = unit;
    tick.align = TextAlign::kEnd;
    for (int i = 0; i <= 4; ++i) {
        const float y = plot.max.y - plot.Height() * float(i) / 4;
        Draw()->AddLine({plot.min.x, y}, {plot.max.x, y}, kGridColor, 1);
        const Rect label = f.PlaceIn(Rect{{box.min.x, y - f.Px(12)}, {box.min.x + axis_w - f.Px(8), y + f.Px(12)}}, box);
        FitText(f, AxisNumber(top * i / 4), label, tick, VAlign::kCenter, 0.5f);
    }
    Draw()->AddLine({plot.min.x, plot.max.y}, {plot.max.x, plot.max.y}, theme::kText, 1.5f);
    const size_t n = chart.x_labels.size();
    TextStyle cat = unit;
    cat.align = TextAlign::kCenter;
    for (size_t i = 0; i < n; i += std::max<size_t>(1, label_every)) {
        const float slot = plot.Width() / float(n);
        const float cx = X(f, plot, plot.min.x + slot * (float(i) + 0.5f));
        const float w = std::max(slot * float(label_every), f.Px(40));
        FitText(f, chart.x_labels[i], Rect{{cx - w / 2, plot.max.y + f.Px(6)}, {cx + w / 2, box.max.y}}, cat, VAlign::kTop,
                0.5f);
    }
    LogBox("chart-plot", plot);
    return plot;
}

void Legend(const Frame& f, const Rect& row, const std::vector<std::string>& series) {
    float x = 0;
    for (size_t i = 0; i < series.size(); ++i) {
        const Rect swatch = f.PlaceIn(Rect{{row.min.x + x, row.min.y + f.Px(6)}, {row.min.x + x + f.Px(18), row.min.y + f.Px(24)}}, row);
        Draw()->AddRectFilled(swatch.min, swatch.max, SeriesColor(i), f.Px(3));
        TextStyle ls;
        ls.size_px = f.Px(18);
        FitText(f, series[i], f.PlaceIn(Rect{{row.min.x + x + f.Px(26), row.min.y}, {row.min.x + x + f.Px(250), row.max.y}}, row),
                ls, VAlign::kCenter, 0.6f);
        x += f.Px(260);
    }
}

double MaxValue(const AdminChart& chart) {
    double max = 0;
    for (const auto& row : chart.values)
        for (double v : row) max = std::max(max, v);
    return max;
}

void Bars(const Frame& f, const Rect& box, const AdminChart& chart) {
    const double top = NiceTop(MaxValue(chart));
    const Rect plot = Axes(f, box, chart, top, 1);
    const size_t n = chart.x_labels.size();
    const float slot = plot.Width() / float(n);
    const size_t series = std::max<size_t>(1, chart.series.size());
    const float bar_w = std::min(f.Px(56), slot * 0.8f / float(series));
    for (size_t i = 0; i < n && i < chart.values.size(); ++i) {
        const float group_x = plot.min.x + slot * (float(i) + 0.5f) - bar_w * float(series) / 2;
        for (size_t s = 0; s < chart.values[i].size(); ++s) {
            const float h = float(chart.values[i][s] / top) * plot.Height();
            const float x0 = X(f, plot, group_x + bar_w * float(s));
            const float x1 = X(f, plot, group_x + bar_w * float(s + 1) - f.Px(2));
            Draw()->AddRectFilled({std::min(x0, x1), plot.max.y - h}, {std::max(x0, x1), plot.max.y}, SeriesColor(s));
        }
    }
}

void Lines(const Frame& f, const Rect& box, const AdminChart& chart) {
    const double top = NiceTop(MaxValue(chart));
    const size_t n = chart.x_labels.size();
    const Rect plot = Axes(f, box, chart, top, n > 16 ? (n + 11) / 12 : 1);
    const float slot = plot.Width() / float(n);
    const size_t series = chart.values.empty() ? 0 : chart.values.front().size();
    for (size_t s = 0; s < series; ++s) {
        std::vector<ImVec2> points;
        for (size_t i = 0; i < n && i < chart.values.size(); ++i) {
            const float y = plot.max.y - float(chart.values[i][s] / top) * plot.Height();
            points.push_back({X(f, plot, plot.min.x + slot * (float(i) + 0.5f)), y});
        }
        Draw()->AddPolyline(points.data(), int(points.size()), SeriesColor(s), 0, f.Px(3));
        for (const ImVec2& p : points) Draw()->AddCircleFilled(p, f.Px(4), SeriesColor(s));
    }
}

// Rows are weekdays, columns hours; the darker, the more arrivals; each cell's number in it.
void HeatMap(const Frame& f, const Rect& box, const AdminChart& chart) {
    const float label_w = f.Px(64);
    const size_t rows = chart.y_labels.size(), cols = chart.x_labels.size();
    if (rows == 0 || cols == 0) return;
    const Rect grid = f.PlaceIn(Rect{{box.min.x + label_w, box.min.y + f.Px(34)}, {box.max.x, box.max.y - f.Px(34)}}, box);
    LogBox("chart-plot", grid);
    const float cw = grid.Width() / float(cols), ch = grid.Height() / float(rows);
    const double max = std::max(1.0, MaxValue(chart));
    TextStyle label;
    label.size_px = f.Px(18);
    label.color = theme::kTextMuted;
    FitText(f, chart.unit, f.PlaceIn(Rect{box.min, {box.max.x, box.min.y + f.Px(28)}}, box), label, VAlign::kTop);
    for (size_t r = 0; r < rows; ++r) {
        const float y = grid.min.y + ch * float(r);
        TextStyle day = label;
        day.align = AlignToFrameStart(f, f.lang);
        FitText(f, chart.y_labels[r], f.PlaceIn(Rect{{box.min.x, y}, {box.min.x + label_w - f.Px(6), y + ch}}, box), day,
                VAlign::kCenter, 0.5f);
        for (size_t c = 0; c < cols; ++c) {
            const double v = r < chart.values.size() && c < chart.values[r].size() ? chart.values[r][c] : 0;
            const float share = float(v / max);
            const float x0 = X(f, grid, grid.min.x + cw * float(c)), x1 = X(f, grid, grid.min.x + cw * float(c + 1));
            const Rect cell{{std::min(x0, x1) + 1, y + 1}, {std::max(x0, x1) - 1, y + ch - 1}};
            const ImU32 fill = v <= 0 ? IM_COL32(240, 239, 235, 255)
                                      : IM_COL32(int(230 - 200 * share), int(238 - 160 * share), int(250 - 90 * share), 255);
            Draw()->AddRectFilled(cell.min, cell.max, fill, f.Px(2));
            if (v > 0) {
                TextStyle n;
                n.size_px = std::min(f.Px(16), ch * 0.5f);
                n.align = TextAlign::kCenter;
                n.color = share > 0.55f ? IM_COL32(255, 255, 255, 255) : theme::kText;
                FitText(f, AxisNumber(v), cell, n, VAlign::kCenter, 0.5f);
            }
        }
    }
    TextStyle hour = label;
    hour.align = TextAlign::kCenter;
    for (size_t c = 0; c < cols; c += cols > 14 ? 2 : 1) {
        const float cx = X(f, grid, grid.min.x + cw * (float(c) + 0.5f));
        FitText(f, chart.x_labels[c], Rect{{cx - f.Px(28), grid.max.y + f.Px(4)}, {cx + f.Px(28), box.max.y}}, hour,
                VAlign::kTop, 0.5f);
    }
}

}  // namespace

void DrawAdminDashboardScreen(const AdminDashboardView& view, UiActions& actions) {
    const Frame f = BeginScreen("admin-dashboard", view.chrome.lang);
    const Rect area = AdminFrame(f, view.chrome, actions);
    TextStyle title;
    title.size_px = f.Px(40);
    title.bold = true;
    const Rect title_row{area.min, {area.max.x, area.min.y + f.Px(56)}};
    FitText(f, view.title, f.Start(title_row, area.Width() * 0.55f), title, VAlign::kTop);
    TextStyle range;
    range.size_px = f.Px(24);
    range.color = theme::kTextMuted;
    range.align = TextAlign::kEnd;
    FitText(f, view.range, f.End(title_row, area.Width() * 0.43f), range, VAlign::kCenter);
    LogBox("range", f.End(title_row, area.Width() * 0.43f));

    float y = area.min.y + f.Px(68);
    Chips(f, Rect{{area.min.x, y}, {area.max.x, y + f.Px(48)}}, view.period_label, view.periods, f.Px(220),
          Action::kAdminDashboardPeriod, "period-", actions);
    y += f.Px(56);
    Chips(f, Rect{{area.min.x, y}, {area.max.x, y + f.Px(48)}}, view.office_label, view.offices, f.Px(270),
          Action::kAdminDashboardOffice, "office-", actions);
    y += f.Px(64);

    // Today, now: a card with the live table.
    const float live_h = f.Px(40) + std::min(f.Px(34), f.Px(30)) * float(view.live.rows.size() + 1) + f.Px(16);
    const Rect live{{area.min.x, y}, {area.max.x, y + live_h}};
    Card(live, theme::kSurface, theme::kBorder, f.Px(10));
    LogBox("live", live);
    TextStyle h2;
    h2.size_px = f.Px(24);
    h2.bold = true;
    const Rect live_in = Inset(live, f.Px(16), f.Px(8));
    FitText(f, view.live_title, Rect{live_in.min, {live_in.max.x, live_in.min.y + f.Px(34)}}, h2, VAlign::kCenter);
    Table(f, view.live, Rect{{live_in.min.x, live_in.min.y + f.Px(38)}, live_in.max}, "live-table");
    y = live.max.y + f.Px(16);

    Chips(f, Rect{{area.min.x, y}, {area.max.x, y + f.Px(48)}}, "", view.charts, f.Px(400), Action::kAdminDashboardChart,
          "chart-", actions);
    y += f.Px(60);

    const Rect panel{{area.min.x, y}, area.max};
    Card(panel, theme::kSurface, theme::kBorder, f.Px(10));
    const Rect in = Inset(panel, f.Px(20), f.Px(14));
    if (!view.note.empty()) {
        TextStyle note;
        note.size_px = f.Px(26);
        note.color = theme::kTextMuted;
        note.align = TextAlign::kCenter;
        FitText(f, view.note, in, note, VAlign::kCenter);
        LogBox("note", in);
        EndScreen();
        return;
    }
    const AdminChart& chart = view.chart;
    FitText(f, chart.title, Rect{in.min, {in.max.x, in.min.y + f.Px(34)}}, h2, VAlign::kCenter);
    const Rect body{{in.min.x, in.min.y + f.Px(44)}, in.max};
    const Rect chart_box = f.Start(body, body.Width() * 0.6f);
    const Rect table_box = f.End(body, body.Width() * 0.37f);
    LogBox("chart-" + chart.id, chart_box);
    if (!chart.empty.empty()) {
        TextStyle note;
        note.size_px = f.Px(24);
        note.color = theme::kTextMuted;
        note.align = TextAlign::kCenter;
        FitText(f, chart.empty, chart_box, note, VAlign::kCenter);
    } else {
        Rect plot_box = chart_box;
        if (chart.series.size() > 1) {
            Legend(f, Rect{{chart_box.min.x, chart_box.max.y - f.Px(30)}, chart_box.max}, chart.series);
            plot_box.max.y -= f.Px(40);
        }
        switch (chart.kind) {
            case AdminChartKind::kBars: Bars(f, plot_box, chart); break;
            case AdminChartKind::kLine: Lines(f, plot_box, chart); break;
            case AdminChartKind::kHeatMap: HeatMap(f, plot_box, chart); break;
        }
    }
    Table(f, chart.table, table_box, "chart-table");
    EndScreen();
}

}  // namespace anl::ui
