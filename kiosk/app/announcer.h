// announcer: the call display's voice (docs/VOICE.md). Each call: the chime, then the call
// ("A-042, counter 3") spoken in the site's languages in order: German, the visitor's own
// where a voice or a recorded pack exists, English (catalogue [announcements]).
// Owns: turning a call into one announcement's samples, and the one audio worker that
// speaks them one after another through a ChimeSink (ALSA, or WAV files with --audio wav:DIR).
// Must never: block the UI thread (Announce formats the sentences and queues; synthesis and
// playing happen on the worker), cut an announcement off for the next, or drop a queued one
// while running (only switching the display off drops those still waiting).
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/app/chime.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/voice/voice.h"

namespace anl::app {

// A call to announce.
struct CallToAnnounce {
    std::string display;       // "A-042"
    int counter = 0;
    std::string visitor_lang;  // the called visitor's language ("" when unknown)
};

// One language's part of an announcement, formatted on the UI thread.
struct SpokenPart {
    std::string lang;
    std::string sentence;  // the catalogue's "board.announcement" with the ticket spelled out
};

// An announcement before synthesis: which languages speak it, and how loud.
struct AnnouncementPlan {
    std::string display;
    int counter = 0;
    std::vector<SpokenPart> parts;
    int volume = 100;
};

// The languages of `settings` in order, "visitor" replaced by the call's language, each at
// most once, leaving out those that neither a pack nor espeak-ng speaks.
AnnouncementPlan PlanAnnouncement(const CallToAnnounce& call, const catalogue::Announcements& settings,
                                  const messages::Messages& messages, const voice::PromptPacks& packs);

// The chime, then each part after a pause, at the plan's volume. A part that cannot be
// spoken (espeak-ng failing) is left out, never the whole announcement.
voice::Samples ComposeAnnouncement(const AnnouncementPlan& plan, const voice::PromptPacks& packs);

// Writes announcement number N to DIR/announcement-NNNN.wav (whole files only: each is written
// beside and renamed into place).
ChimeSink WavDirSink(std::filesystem::path dir);

// The audio seam for --audio: "alsa" (the default), "wav:DIR", or "" with the old
// --chime-wav FILE. An error names a wrong spec or a folder that cannot be made.
Result<ChimeSink> AudioSink(const std::string& spec, const std::string& chime_wav);

// One worker with a queue, like Chime: Announce() plans and queues and returns at once; the
// worker composes and plays the announcements one after another, each whole, in the order
// of the calls. A recall is a call: announced again. The destructor lets the one playing
// finish, drops those waiting and joins.
class Announcer {
public:
    Announcer(ChimeSink sink, voice::PromptPacks packs);
    ~Announcer();
    Announcer(const Announcer&) = delete;
    Announcer& operator=(const Announcer&) = delete;

    void Announce(const CallToAnnounce& call, const catalogue::Announcements& settings,
                  const messages::Messages& messages);

private:
    void Work();

    ChimeSink sink_;
    const voice::PromptPacks packs_;  // read-only after construction: shared with the worker
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<AnnouncementPlan> queue_;
    std::uint64_t played_ = 0;  // announcements handed to the sink, numbering them from 1
    bool stopping_ = false;
    std::thread worker_;  // last: starts after everything it reads exists
};

}  // namespace anl::app
