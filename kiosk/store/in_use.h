// Private to kiosk/store: who has a store file open, as an advisory lock (flock) on the file.
// Every open Store holds a shared mark for its life; a restore takes the exclusive mark, so it
// never replaces a store a terminal (or a ctl command) is using, and a store being restored
// cannot be opened. flock is independent of the POSIX locks SQLite itself takes.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <utility>

#include "kiosk/base/base.h"

namespace anl::store {

class InUseMark {
public:
    InUseMark() = default;
    ~InUseMark() {
        if (fd_ >= 0) ::close(fd_);
    }
    InUseMark(InUseMark&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    InUseMark& operator=(InUseMark&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }

    // Shared: refused only while a restore holds the file.
    static Result<InUseMark> Share(const std::filesystem::path& path) {
        return Take(path, LOCK_SH, path.string() + " is being restored from a backup right now; try again when the "
                                                   "restore has finished.");
    }
    // Exclusive: refused while any terminal or ctl command has the store open.
    static Result<InUseMark> Exclusive(const std::filesystem::path& path) {
        return Take(path, LOCK_EX, "A terminal or another anlaufstelle-ctl command has " + path.string() +
                                       " open; stop it first (systemctl stop anlaufstelle-kiosk, or close the "
                                       "terminal) and restore again.");
    }

private:
    static Result<InUseMark> Take(const std::filesystem::path& path, int how, const std::string& busy) {
        InUseMark mark;
        mark.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (mark.fd_ < 0)
            return MakeError(ErrorCode::kStorage, "Cannot open " + path.string() + " to mark it in use; check its "
                                                                                    "permissions.");
        while (::flock(mark.fd_, how | LOCK_NB) != 0) {
            if (errno == EINTR) continue;
            if (errno == EWOULDBLOCK) return MakeError(ErrorCode::kRejected, busy);
            return MakeError(ErrorCode::kStorage, "Cannot mark " + path.string() + " in use; check the file system.");
        }
        return mark;
    }
    int fd_ = -1;
};

}  // namespace anl::store
