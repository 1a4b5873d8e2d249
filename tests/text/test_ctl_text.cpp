// anlaufstelle-ctl text shape / render, run as a user would run them.
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

std::string Run(const std::string& command, int* status = nullptr) {
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    int rc = pclose(pipe);
    if (status) *status = rc;
    return out;
}

}  // namespace

TEST_CASE("ctl text shape prints the glyph ids hb-shape prints for the same font", "[text][ctl]") {
    const std::string text = "د استوګنې اجازه";
    auto json = nlohmann::json::parse(
        Run(std::string(ANL_CTL_PATH) + " text shape --lang ps --json '" + text + "'"));
    REQUIRE(json["lines"].size() == 1);
    const auto& runs = json["lines"][0]["runs"];
    REQUIRE(runs.size() == 1);
    const auto& run = runs[0];
    CHECK(run["script"] == "Arab");
    CHECK(run["direction"] == "rtl");
    CHECK(run["start"] == 0);
    CHECK(run["end"] == text.size());
    std::string ours = "[";
    for (const auto& g : run["glyphs"])
        ours += (ours.size() > 1 ? "|" : "") + std::to_string(g["g"].get<int>());
    ours += "]\n";
    const std::string theirs =
        Run("hb-shape --no-glyph-names --no-positions --no-clusters --language=ps --script=Arab "
            "--direction=rtl '" +
            run["font"].get<std::string>() + "' '" + text + "'");
    CHECK(ours == theirs);
}

TEST_CASE("ctl text render writes a PNG and fails clearly on a bad path", "[text][ctl]") {
    const std::string out = std::string(ANL_BINARY_DIR) + "/tests/ctl_text_render.png";
    std::remove(out.c_str());
    int status = -1;
    Run(std::string(ANL_CTL_PATH) + " text render --lang ti --width 300 --out '" + out +
            "' 'ቁጽሪ ትኬትኩም A-042 እዩ።'",
        &status);
    CHECK(status == 0);
    FILE* f = std::fopen(out.c_str(), "rb");
    REQUIRE(f != nullptr);
    std::fclose(f);
    const std::string err =
        Run(std::string(ANL_CTL_PATH) +
                " text render --lang ti --out /nonexistent-dir/x.png 'ሰላም' 2>&1",
            &status);
    CHECK(status != 0);
    CHECK(err.find("/nonexistent-dir/x.png") != std::string::npos);
}
