// anlaufstelle-ctl text: the text engine from the command line.
//   text shape  --lang CODE [--size PX] [--width PX] [--align start|end|center] [--json] TEXT
//   text render --lang CODE [--size PX] [--width PX] [--align ...] --out FILE.png TEXT
//   text coverage --lang CODE TEXT      code points no font of the language's chain covers
// Units in `text shape`: glyph advances and offsets (ax ay dx dy) are 26.6 fixed point pixels
// (64 = one pixel) at --size; line and run geometry (x, baseline, width) are float pixels;
// start/end and cl are UTF-8 byte offsets into TEXT; g is the glyph index in "font".
#include <cstdio>
#include <iostream>
#include <map>

#include "i18n/text/text.h"
#include "kiosk/ctl/ctl.h"

namespace {

struct TextOptions {
    std::string lang = "de";
    float size = 24;
    float width = 0;
    std::string align = "start";
    std::string out;
    std::string text;
};

anl::text::Align ParseAlign(const std::string& s) {
    if (s == "end") return anl::text::Align::kEnd;
    if (s == "center") return anl::text::Align::kCenter;
    return anl::text::Align::kStart;
}

void AddLayoutOptions(CLI::App* cmd, TextOptions& o) {
    cmd->add_option("--lang", o.lang,
                    "Language code (de en ar fa fa-AF ps ckb kmr tr ti so uk ru fr ka ro)")
        ->required();
    cmd->add_option("--size", o.size, "Font size in pixels")->check(CLI::Range(1.0f, 1000.0f));
    cmd->add_option("--width", o.width, "Wrap to this width in pixels (0: no wrapping)")
        ->check(CLI::Range(0.0f, 100000.0f));
    cmd->add_option("--align", o.align, "start, end or center")
        ->check(CLI::IsMember({"start", "end", "center"}));
    cmd->add_option("text", o.text, "The text (UTF-8)")->required();
}

nlohmann::json ShapeJson(const anl::text::Engine& engine, const anl::text::Paragraph& p) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : p.lines) {
        nlohmann::json runs = nlohmann::json::array();
        for (const auto& run : line.runs) {
            nlohmann::json glyphs = nlohmann::json::array();
            for (const auto& g : run.glyphs)
                glyphs.push_back({{"g", g.id},
                                  {"cl", g.cluster},
                                  {"ax", g.x_advance},
                                  {"ay", g.y_advance},
                                  {"dx", g.x_offset},
                                  {"dy", g.y_offset}});
            runs.push_back({{"font", engine.Font(run.font).path},
                            {"script", anl::text::ScriptName(run.script)},
                            {"direction", run.rtl ? "rtl" : "ltr"},
                            {"start", run.start},
                            {"end", run.end},
                            {"x", run.x},
                            {"width", run.width},
                            {"glyphs", glyphs}});
        }
        lines.push_back({{"start", line.start},
                         {"end", line.end},
                         {"x", line.x},
                         {"baseline", line.baseline},
                         {"width", line.width},
                         {"runs", runs}});
    }
    return {{"units",
             {{"glyphs", "26.6 fixed point pixels (64 = 1 px)"},
              {"geometry", "pixels"},
              {"offsets", "UTF-8 bytes"}}},
            {"size_px", p.size_px},
            {"direction", p.rtl ? "rtl" : "ltr"},
            {"width", p.width},
            {"height", p.height},
            {"lines", lines}};
}

}  // namespace

ANL_CTL_COMMANDS(Text) {
    auto* text = app.add_subcommand("text", "Shape, render and check text with the text engine");
    text->require_subcommand(1);
    auto options = std::make_shared<TextOptions>();

    auto make_engine = [&ctx]() -> std::unique_ptr<anl::text::Engine> {
        auto engine = anl::text::Engine::Create();
        if (!engine) {
            anl::ctl::Fail(ctx, engine.error());
            return nullptr;
        }
        return std::move(engine).value();
    };
    auto request = [options]() {
        return anl::text::LayoutRequest{options->text, options->lang, options->size, options->width,
                                        ParseAlign(options->align)};
    };

    auto* shape = text->add_subcommand("shape", "Lay out TEXT and print lines, runs and glyphs");
    AddLayoutOptions(shape, *options);
    shape->callback([&ctx, options, make_engine, request] {
        auto engine = make_engine();
        if (!engine) return;
        auto paragraph = engine->LayoutUncached(request());
        if (ctx.json) {
            anl::ctl::PrintJson(ShapeJson(*engine, paragraph));
            return;
        }
        int index = 0;
        for (const auto& line : paragraph.lines) {
            std::cout << "line " << index++ << " (bytes " << line.start << "-" << line.end
                      << ", width " << line.width << " px)\n";
            for (const auto& run : line.runs) {
                std::cout << "  " << (run.rtl ? "rtl " : "ltr ")
                          << anl::text::ScriptName(run.script) << " bytes " << run.start << "-"
                          << run.end << " " << engine->Font(run.font).path << "\n    [";
                for (std::size_t i = 0; i < run.glyphs.size(); ++i)
                    std::cout << (i ? "|" : "") << run.glyphs[i].id << "=" << run.glyphs[i].cluster
                              << "+" << run.glyphs[i].x_advance;
                std::cout << "]\n";
            }
        }
    });

    auto* render = text->add_subcommand("render", "Render TEXT to a PNG through the glyph atlas");
    AddLayoutOptions(render, *options);
    render->add_option("--out", options->out, "The PNG file to write")->required();
    render->callback([&ctx, options, make_engine, request] {
        auto engine = make_engine();
        if (!engine) return;
        engine->BeginFrame();
        auto paragraph = engine->LayoutUncached(request());
        auto image = anl::text::RenderParagraph(*engine, paragraph);
        if (auto st = anl::text::WritePng(options->out, image); !st) {
            anl::ctl::Fail(ctx, st.error());
            return;
        }
        if (ctx.json)
            anl::ctl::PrintJson({{"out", options->out},
                                 {"width", image.width},
                                 {"height", image.height},
                                 {"lines", paragraph.lines.size()}});
        else
            std::cout << options->out << ": " << image.width << "x" << image.height << " px, "
                      << paragraph.lines.size() << " line(s)\n";
    });

    auto* coverage = text->add_subcommand(
        "coverage", "List code points of TEXT that no font of the language covers");
    coverage->add_option("--lang", options->lang, "Language code")->required();
    coverage->add_option("text", options->text, "The text (UTF-8)")->required();
    coverage->callback([&ctx, options, make_engine] {
        auto engine = make_engine();
        if (!engine) return;
        auto missing = engine->FindUncoveredCodepoints(options->lang, options->text);
        nlohmann::json list = nlohmann::json::array();
        for (char32_t c : missing) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
            list.push_back(buf);
        }
        if (ctx.json)
            anl::ctl::PrintJson({{"uncovered", list}});
        else
            for (const auto& c : list) std::cout << c.get<std::string>() << "\n";
        if (!missing.empty()) ctx.exit_code = static_cast<int>(anl::ErrorCode::kRejected);
    });
}
