// WAV files and samples (voice.h, section 1). Only the one format the audio seam plays:
// RIFF, PCM, 16 bit, mono, 22050 Hz. A pack recorded otherwise is named, not converted
// (docs/VOICE.md shows the sox line that converts it).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "kiosk/voice/voice.h"

namespace anl::voice {
namespace {

std::uint32_t U32(const std::string& b, size_t at) {
    return std::uint32_t(std::uint8_t(b[at])) | std::uint32_t(std::uint8_t(b[at + 1])) << 8 |
           std::uint32_t(std::uint8_t(b[at + 2])) << 16 | std::uint32_t(std::uint8_t(b[at + 3])) << 24;
}
std::uint16_t U16(const std::string& b, size_t at) {
    return std::uint16_t(std::uint8_t(b[at]) | std::uint8_t(b[at + 1]) << 8);
}

// A clip longer than this is not a prompt (a minute at 22050 Hz).
constexpr std::uint32_t kMaxDataBytes = 60u * kSampleRate * 2;

}  // namespace

Status WriteWav(const std::filesystem::path& path, const Samples& samples) {
    std::ofstream out(path, std::ios::binary);
    auto u32 = [&out](std::uint32_t v) { for (int i = 0; i < 4; ++i) out.put(char((v >> (8 * i)) & 0xff)); };
    auto u16 = [&out](std::uint16_t v) { out.put(char(v & 0xff)); out.put(char(v >> 8)); };
    const std::uint32_t data_bytes = std::uint32_t(samples.size() * 2);
    out.write("RIFF", 4); u32(36 + data_bytes); out.write("WAVE", 4);
    out.write("fmt ", 4); u32(16); u16(1); u16(1); u32(std::uint32_t(kSampleRate));
    u32(std::uint32_t(kSampleRate) * 2); u16(2); u16(16);
    out.write("data", 4); u32(data_bytes);
    for (std::int16_t s : samples) u16(std::uint16_t(s));
    out.close();
    if (!out) return MakeError(ErrorCode::kStorage, "The sound could not be written to " + path.string() + ".");
    return {};
}

Result<Samples> ReadWav(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kNotFound, name + " cannot be read.");
    // Read at most the header and the largest clip a pack may hold.
    std::string b;
    b.resize(kMaxDataBytes + 4096);
    in.read(b.data(), std::streamsize(b.size()));
    b.resize(size_t(in.gcount()));
    if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0) {
        return MakeError(ErrorCode::kCorrupt, name + " is not a WAV file (no RIFF/WAVE header).");
    }
    bool have_format = false;
    for (size_t at = 12; at + 8 <= b.size();) {
        const std::string id = b.substr(at, 4);
        const std::uint32_t size = U32(b, at + 4);
        const size_t body = at + 8;
        if (id == "fmt ") {
            if (size < 16 || body + 16 > b.size()) return MakeError(ErrorCode::kCorrupt, name + " has a cut-off format chunk.");
            const std::uint16_t format = U16(b, body), channels = U16(b, body + 2), bits = U16(b, body + 14);
            const std::uint32_t rate = U32(b, body + 4);
            if (format != 1) {
                return MakeError(ErrorCode::kInvalidInput, name + " is not PCM (format " + std::to_string(format) +
                                                               "); clips must be 16-bit mono PCM at 22050 Hz.");
            }
            if (channels != 1) {
                return MakeError(ErrorCode::kInvalidInput, name + " has " + std::to_string(channels) +
                                                               " channels; clips must be mono (16-bit, 22050 Hz).");
            }
            if (bits != 16) {
                return MakeError(ErrorCode::kInvalidInput, name + " has " + std::to_string(bits) +
                                                               "-bit samples; clips must be 16-bit (mono, 22050 Hz).");
            }
            if (rate != std::uint32_t(kSampleRate)) {
                return MakeError(ErrorCode::kInvalidInput, name + " is recorded at " + std::to_string(rate) +
                                                               " Hz; clips must be 22050 Hz (16-bit mono).");
            }
            have_format = true;
        } else if (id == "data") {
            if (!have_format) return MakeError(ErrorCode::kCorrupt, name + " has its sound before its format chunk.");
            if (size > kMaxDataBytes) return MakeError(ErrorCode::kInvalidInput, name + " is longer than a minute.");
            if (body + size > b.size()) return MakeError(ErrorCode::kCorrupt, name + " is cut off (its sound is shorter than its header says).");
            Samples samples(size / 2);
            for (size_t i = 0; i < samples.size(); ++i) samples[i] = std::int16_t(U16(b, body + 2 * i));
            return samples;
        }
        at = body + size + (size & 1);  // chunks are padded to an even length
    }
    return MakeError(ErrorCode::kCorrupt, name + (have_format ? " holds no sound (no data chunk)." : " has no format chunk."));
}

Samples Silence(int ms) { return Samples(size_t(std::max(0, ms)) * kSampleRate / 1000, 0); }

int Peak(const Samples& samples) {
    int peak = 0;
    for (std::int16_t s : samples) peak = std::max(peak, std::abs(int(s)));
    return peak;
}

void ApplyVolume(Samples& samples, int percent) {
    percent = std::clamp(percent, 0, 100);
    for (auto& s : samples) s = std::int16_t(int(s) * percent / 100);
}

}  // namespace anl::voice
