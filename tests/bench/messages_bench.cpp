// bench_messages: what formatting messages costs a frame. Prints one line a measurement.
//   load      all 16 catalogues from disk (cold: includes TOML parsing and syntax checks)
//   compile   the first Format() of a message (builds and caches its ICU MessageFormat)
//   format    a cached Format() with plural and code arguments
//   text      a cached Text() of a message without arguments
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "i18n/messages/messages.h"

using Clock = std::chrono::steady_clock;
using anl::messages::Args;
using anl::messages::Messages;

namespace {
double Seconds(Clock::time_point from) { return std::chrono::duration<double>(Clock::now() - from).count(); }
}  // namespace

int main() {
    const auto dir = std::string(ANL_SOURCE_DIR) + "/i18n/catalogs";
    auto start = Clock::now();
    constexpr int kLoads = 20;
    for (int i = 0; i < kLoads; ++i) {
        auto loaded = Messages::Load(dir, {"Europe/Berlin"});
        if (!loaded) return std::fprintf(stderr, "%s\n", loaded.error().message.c_str()), 1;
    }
    std::printf("load      %8.2f ms  (16 languages, all message files)\n", Seconds(start) / kLoads * 1e3);

    auto loaded = Messages::Load(dir, {"Europe/Berlin"});
    const Messages& messages = loaded.value();
    std::vector<std::string> languages;
    for (const auto& language : messages.Languages()) languages.push_back(language.code);

    const Args args = Args().Int("minutes", 12).Int("count", 3).Code("ticket", "A-042").Code("counter", "3");
    const char* keys[] = {"kiosk.service.wait_today", "ticket.people_ahead", "board.announcement"};
    start = Clock::now();
    int compiled = 0;
    for (const auto& lang : languages) {
        for (const char* key : keys) {
            (void)messages.Format(lang, key, args);
            ++compiled;
        }
    }
    std::printf("compile   %8.2f us  (first Format of a message, %d messages)\n", Seconds(start) / compiled * 1e6,
                compiled);

    // A whole screen's worth of messages in a language whose locale data is already loaded.
    start = Clock::now();
    int more = 0;
    for (const auto& lang : languages) {
        for (const auto* message : messages.MessagesOf(lang)) {
            if (message->key.starts_with("kiosk.service.")) {
                (void)messages.Format(lang, message->key, args);
                ++more;
            }
        }
    }
    std::printf("compile   %8.2f us  (first Format, locale data already loaded, %d messages)\n",
                Seconds(start) / more * 1e6, more);

    auto fresh = Messages::Load(dir, {"Europe/Berlin"});
    start = Clock::now();
    fresh->Warm("ps");
    std::printf("warm      %8.2f ms  (Warm(\"ps\"): Pashto, English and German, %zu messages)\n", Seconds(start) * 1e3,
                fresh->MessagesOf("ps").size() + fresh->MessagesOf("en").size() + fresh->MessagesOf("de").size());
    start = Clock::now();
    for (const auto* message : fresh->MessagesOf("ps")) (void)fresh->Format("ps", message->key, args);
    std::printf("format    %8.2f us  (first Format of each Pashto message after Warm)\n",
                Seconds(start) / fresh->MessagesOf("ps").size() * 1e6);

    constexpr int kRounds = 2000;
    size_t bytes = 0;
    start = Clock::now();
    for (int round = 0; round < kRounds; ++round) {
        for (const auto& lang : languages) {
            for (const char* key : keys) bytes += messages.Format(lang, key, args).size();
        }
    }
    const double per_format = Seconds(start) / (kRounds * compiled);
    std::printf("format    %8.2f us  (cached, plural + codes; %.0f per second)\n", per_format * 1e6, 1 / per_format);

    for (const auto& lang : languages) bytes += messages.Text(lang, "ticket.your_number").size();
    constexpr int kTextRounds = 200000;
    start = Clock::now();
    for (int round = 0; round < kTextRounds; ++round) {
        for (const auto& lang : languages) bytes += messages.Text(lang, "ticket.your_number").size();
    }
    const double per_text = Seconds(start) / (kTextRounds * languages.size());
    std::printf("text      %8.1f ns  (cached Text(), no allocation)\n", per_text * 1e9);
    return bytes == 0;  // keeps the work observable
}
