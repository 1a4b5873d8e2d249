// The ESC/POS byte stream and the three back-ends behind Printer: a device file, a raw CUPS
// queue, PNG files. ESC/POS commands as the Epson ESC/POS reference describes them:
//   ESC @            1B 40                 initialise (clears modes left by an earlier job)
//   GS v 0 m xL xH yL yH d...  1D 76 30 00  raster bit image, normal density (m = 0);
//                    xL + xH*256 = bytes a row, yL + yH*256 = rows; 1 bit = 1 dot, MSB left
//   ESC d n          1B 64 n               print and feed n lines (the text clears the cutter)
//   GS V 66 n        1D 56 42 00           feed to the cutting position and cut partially
#include <cups/cups.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "kiosk/print/print.h"

namespace anl::print {

std::vector<std::uint8_t> EncodeEscPos(const Raster& raster, int band_rows) {
    ANL_ASSERT(band_rows > 0 && band_rows <= 0xffff && "a GS v 0 band counts its rows in two bytes");
    ANL_ASSERT(raster.BytesPerRow() <= 0xffff && "a GS v 0 row counts its bytes in two bytes");
    std::vector<std::uint8_t> out = {0x1b, 0x40};
    const int bytes_per_row = raster.BytesPerRow();
    for (int top = 0; top < raster.height; top += band_rows) {
        const int rows = std::min(band_rows, raster.height - top);
        out.insert(out.end(), {0x1d, 0x76, 0x30, 0x00, std::uint8_t(bytes_per_row & 0xff),
                               std::uint8_t(bytes_per_row >> 8), std::uint8_t(rows & 0xff),
                               std::uint8_t(rows >> 8)});
        const auto first = raster.bits.begin() + static_cast<std::ptrdiff_t>(top) * bytes_per_row;
        out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(rows) * bytes_per_row);
    }
    out.insert(out.end(), {0x1b, 0x64, 0x04, 0x1d, 0x56, 0x42, 0x00});
    return out;
}

namespace {

// How long a printer may take to accept a slip before it counts as stuck (paper jam, a
// printer that stopped reading). A slip is at most a few dozen kilobytes.
constexpr std::chrono::seconds kWriteDeadline{10};

std::string Sentence(int error) {
    switch (error) {
        case ENOENT: return "there is no such device (is the printer plugged in and switched on?)";
        case ENXIO:
        case ENODEV: return "the printer is not connected (cable pulled or switched off)";
        case EIO: return "the printer reported an input/output error (paper out, cover open or cable pulled)";
        case ENOSPC: return "the printer took no more data (paper out or its buffer is full)";
        case EPIPE: return "the printer's connection closed while the slip was sent";
        case EACCES:
        case EPERM: return "this program may not write to the printer (add the user to the group 'lp')";
        case EBUSY: return "the printer is busy with another program";
        default: return std::strerror(error);
    }
}

// ESC/POS on a device file (/dev/usb/lp0, a serial port, a FIFO in tests).
class DevicePrinter final : public Printer {
public:
    DevicePrinter(std::string path, int width, std::string spec)
        : path_(std::move(path)), width_(width), spec_(std::move(spec)) {}
    int DotWidth() const override { return width_; }
    std::string Spec() const override { return spec_; }

    Status Print(const Raster& raster, std::string_view) override {
        const std::vector<std::uint8_t> bytes = EncodeEscPos(raster);
        // Non-blocking, so a printer that stops reading cannot hang the worker forever;
        // never created: a missing device is a fault, not a new file.
        const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) return Fault(errno, 0, bytes.size());
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::ftruncate(fd, 0) != 0) {
            const int error = errno;
            ::close(fd);
            return Fault(error, 0, bytes.size());
        }
        // A reader that goes away (a pipe, a socket) raises SIGPIPE: held back on this thread
        // and taken back after the write, so the fault is an error value, not a dead kiosk.
        sigset_t pipe_only, previous;
        sigemptyset(&pipe_only);
        sigaddset(&pipe_only, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
        std::size_t sent = 0;
        int error = 0;
        const auto deadline = std::chrono::steady_clock::now() + kWriteDeadline;
        while (sent < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + sent, bytes.size() - sent);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n == 0) {
                error = EIO;  // a device that takes nothing and says nothing
                break;
            }
            if (errno == EINTR) continue;
            if (errno != EAGAIN) {
                error = errno;
                break;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                error = ETIMEDOUT;
                break;
            }
            pollfd p{fd, POLLOUT, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno != EINTR) {
                error = errno;
                break;
            }
            // Ready, or POLLERR/POLLHUP: the next write says which error it is (EPIPE, EIO).
        }
        if (::close(fd) != 0 && error == 0 && errno != EINTR) error = errno;
        if (error == EPIPE) {
            const timespec zero{0, 0};
            sigtimedwait(&pipe_only, nullptr, &zero);  // the SIGPIPE this write raised
        }
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        if (error != 0) return Fault(error, sent, bytes.size());
        return {};
    }

private:
    Status Fault(int error, std::size_t sent, std::size_t total) const {
        std::string what = error == ETIMEDOUT ? "the printer stopped taking data (paper jam or paper out?)"
                                              : Sentence(error);
        std::string slip = sent == 0 ? "Nothing was printed"
                                     : "The slip may be cut short (" + std::to_string(sent) + " of " +
                                           std::to_string(total) + " bytes were sent)";
        return MakeError(ErrorCode::kStorage, "The printer " + path_ + " did not print: " + what + ". " + slip + ".");
    }

    std::string path_;
    int width_;
    std::string spec_;
};

// The ESC/POS bytes to a CUPS queue set up as raw (no filter, the printer gets them as sent).
class CupsPrinter final : public Printer {
public:
    CupsPrinter(std::string queue, int width, std::string spec)
        : queue_(std::move(queue)), width_(width), spec_(std::move(spec)) {}
    int DotWidth() const override { return width_; }
    std::string Spec() const override { return spec_; }

    Status Print(const Raster& raster, std::string_view name) override {
        const std::vector<std::uint8_t> bytes = EncodeEscPos(raster);
        cups_dest_t* dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue_.c_str(), nullptr);
        if (dest == nullptr) {
            const ipp_status_t status = cupsLastError();
            if (status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || status == IPP_STATUS_ERROR_INTERNAL)
                return MakeError(ErrorCode::kNetwork, "No CUPS server answers (" +
                                                          std::string(cupsLastErrorString()) +
                                                          "), so the slip for queue " + queue_ +
                                                          " was not printed.");
            return MakeError(ErrorCode::kNotFound, "There is no CUPS printer queue named \"" + queue_ + "\" (" +
                                                       cupsLastErrorString() +
                                                       "); nothing was printed. `lpstat -p` lists the queues.");
        }
        cupsFreeDests(1, dest);
        const std::string title(name);
        const int job = cupsCreateJob(CUPS_HTTP_DEFAULT, queue_.c_str(), title.c_str(), 0, nullptr);
        if (job == 0) return Failed("could not start a print job");
        if (cupsStartDocument(CUPS_HTTP_DEFAULT, queue_.c_str(), job, title.c_str(), CUPS_FORMAT_RAW, 1) !=
            HTTP_STATUS_CONTINUE) {
            cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.c_str(), job, 0);
            return Failed("could not send the slip");
        }
        if (cupsWriteRequestData(CUPS_HTTP_DEFAULT, reinterpret_cast<const char*>(bytes.data()), bytes.size()) !=
            HTTP_STATUS_CONTINUE) {
            cupsFinishDocument(CUPS_HTTP_DEFAULT, queue_.c_str());
            cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.c_str(), job, 0);
            return Failed("the slip was cut off while sending");
        }
        if (cupsFinishDocument(CUPS_HTTP_DEFAULT, queue_.c_str()) != IPP_STATUS_OK)
            return Failed("the queue refused the slip");
        return {};
    }

private:
    Status Failed(const char* what) const {
        return MakeError(ErrorCode::kNetwork, "The CUPS queue " + queue_ + " did not take the slip: " + what + " (" +
                                                  cupsLastErrorString() + "). Nothing was printed.");
    }

    std::string queue_;
    int width_;
    std::string spec_;
};

// One PNG file a slip: DIR/<name>.png, written whole or not at all.
class PngPrinter final : public Printer {
public:
    PngPrinter(std::string dir, int width, std::string spec)
        : dir_(std::move(dir)), width_(width), spec_(std::move(spec)) {}
    int DotWidth() const override { return width_; }
    std::string Spec() const override { return spec_; }

    Status Print(const Raster& raster, std::string_view name) override {
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        if (ec) return MakeError(ErrorCode::kStorage, "Cannot make the slip folder " + dir_ + ": " + ec.message() + ".");
        const std::filesystem::path final_path = std::filesystem::path(dir_) / (std::string(name) + ".png");
        const std::filesystem::path temp = final_path.string() + ".part";
        if (auto written = text::WritePng(temp.string(), ToImage(raster)); !written) {
            std::filesystem::remove(temp, ec);
            return written.error();
        }
        std::filesystem::rename(temp, final_path, ec);
        if (ec) return MakeError(ErrorCode::kStorage, "Cannot write the slip " + final_path.string() + ": " + ec.message() + ".");
        return {};
    }

private:
    std::string dir_;
    int width_;
    std::string spec_;
};

}  // namespace

Result<std::unique_ptr<Printer>> OpenPrinter(std::string_view spec) {
    auto parsed = catalogue::ParsePrinterSpec(spec);  // the one reading of a spec (catalogue.h)
    if (!parsed.ok()) return parsed.error();
    const std::string given(spec);
    const int width = parsed->width_mm == 58 ? kDots58mm : kDots80mm;
    switch (parsed->kind) {
        case catalogue::PrinterSpec::Kind::kEscPos: return std::unique_ptr<Printer>(new DevicePrinter(parsed->target, width, given));
        case catalogue::PrinterSpec::Kind::kCups: return std::unique_ptr<Printer>(new CupsPrinter(parsed->target, width, given));
        case catalogue::PrinterSpec::Kind::kPng: return std::unique_ptr<Printer>(new PngPrinter(parsed->target, width, given));
    }
    return MakeError(ErrorCode::kInvalidInput, "The printer \"" + given + "\" is of an unknown kind.");
}

}  // namespace anl::print
