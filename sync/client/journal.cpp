// sync client: the journal beside the store (see client.h, section 2).
//
// Crash safety: a pull is applied to the store first, then its positions are appended to the
// order file (fsync), then the cursor is saved (write a temporary file, fsync, rename). A
// crash in between repeats the pull: the store ignores known events and the order file skips
// positions it already holds, so nothing is lost or recorded twice.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sync/client/client.h"

namespace anl::sync {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Error JournalError(const fs::path& path, const std::string& what) {
    return MakeError(ErrorCode::kStorage, "The sync journal " + path.string() + " " + what +
                                              "; check the disk and the directory's permissions.");
}

// Writes `text` to `path` durably and atomically, readable only by the owner (it holds a token).
Status WriteFileAtomically(const fs::path& path, const std::string& text) {
    fs::path tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return JournalError(path, "cannot be written");
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) return JournalError(path, "cannot be written");
    int dir = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

Status AppendDurably(const fs::path& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return JournalError(path, "cannot be written");
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return JournalError(path, "cannot be written");
    return {};
}

}  // namespace

fs::path Journal::FileFor(const fs::path& store_path) {
    fs::path p = store_path;
    p += ".sync.json";
    return p;
}

Result<Journal> Journal::Load(const fs::path& store_path) {
    Journal j;
    j.json_path_ = FileFor(store_path);
    j.order_path_ = store_path;
    j.order_path_ += ".sync-order";
    std::error_code ec;
    if (fs::exists(j.json_path_, ec)) {
        std::ifstream in(j.json_path_);
        std::stringstream text;
        text << in.rdbuf();
        json doc = json::parse(text.str(), nullptr, false);
        if (doc.is_discarded() || !doc.is_object())
            return MakeError(ErrorCode::kCorrupt, "The sync journal " + j.json_path_.string() +
                                                      " is damaged; delete it and enrol the terminal again.");
        try {
            if (doc.contains("device")) {
                Credentials c;
                c.central_url = doc.at("central_url").get<std::string>();
                c.device = doc.at("device").get<std::string>();
                c.site = doc.at("site").get<std::string>();
                c.role = ParseRole(doc.at("role").get<std::string>()).value_or(Role::kBoard);
                c.token = doc.at("token").get<std::string>();
                c.ca_file = doc.value("ca_file", std::string());
                j.credentials_ = std::move(c);
            }
            j.cursor_ = doc.value("cursor", std::int64_t{0});
            j.last_success_us_ = doc.value("last_success_us", std::int64_t{0});
        } catch (const json::exception&) {
            return MakeError(ErrorCode::kCorrupt, "The sync journal " + j.json_path_.string() +
                                                      " is damaged; delete it and enrol the terminal again.");
        }
    }
    // The order file: "order device seq" per line. Lines beyond the saved cursor belong to
    // a pull whose cursor was not saved yet (a crash): they are dropped and pulled again.
    std::ifstream order(j.order_path_);
    std::string line;
    std::int64_t kept_bytes = 0;
    bool truncated = false;
    while (std::getline(order, line)) {
        std::istringstream fields(line);
        std::int64_t position = 0, seq = 0;
        std::string device;
        if (!(fields >> position >> device >> seq) || position <= j.last_order_ || position > j.cursor_) {
            truncated = true;
            break;
        }
        j.last_order_ = position;
        if (j.credentials_ && device == j.credentials_->device) j.highest_own_placed_ = std::max(j.highest_own_placed_, seq);
        j.order_.push_back({std::move(device), seq});
        kept_bytes += static_cast<std::int64_t>(line.size()) + 1;
    }
    if (truncated) fs::resize_file(j.order_path_, static_cast<std::uintmax_t>(kept_bytes), ec);
    // A cursor ahead of the order file (the order file was lost): start over from the
    // beginning; applying is idempotent.
    if (j.last_order_ < j.cursor_ && j.cursor_ > 0 && j.order_.empty()) j.cursor_ = 0;
    return j;
}

Status Journal::Save() const {
    json doc = {{"cursor", cursor_}, {"last_success_us", last_success_us_}};
    if (credentials_) {
        doc["central_url"] = credentials_->central_url;
        doc["device"] = credentials_->device;
        doc["site"] = credentials_->site;
        doc["role"] = RoleName(credentials_->role);
        doc["token"] = credentials_->token;
        if (!credentials_->ca_file.empty()) doc["ca_file"] = credentials_->ca_file;
    }
    return WriteFileAtomically(json_path_, doc.dump(2) + "\n");
}

Status Journal::SetCredentials(const Credentials& credentials) {
    credentials_ = credentials;
    return Save();
}

Status Journal::Advance(const std::vector<OrderedEvent>& events, std::int64_t cursor, Micros now) {
    std::string lines;
    for (const auto& e : events) {
        if (e.order <= last_order_) continue;
        lines += std::to_string(e.order) + " " + e.event.device + " " + std::to_string(e.event.seq) + "\n";
        last_order_ = e.order;
        if (credentials_ && e.event.device == credentials_->device)
            highest_own_placed_ = std::max(highest_own_placed_, e.event.seq);
        order_.push_back({e.event.device, e.event.seq});
    }
    if (!lines.empty()) {
        auto s = AppendDurably(order_path_, lines);
        if (!s.ok()) return s;
    }
    cursor_ = std::max(cursor_, cursor);
    last_order_ = std::max(last_order_, cursor_);
    last_success_us_ = now;
    return Save();
}

Status Journal::Forget() {
    credentials_.reset();
    cursor_ = 0;
    last_order_ = 0;
    highest_own_placed_ = 0;
    order_.clear();
    std::error_code ec;
    fs::remove(order_path_, ec);
    return Save();
}

Result<std::string> Journal::Text(const fs::path& store_path) {
    auto journal = Load(store_path);  // a damaged journal is named now, not put into a backup
    if (!journal.ok()) return journal.error();
    const fs::path path = FileFor(store_path);
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::string();
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return JournalError(path, "cannot be read");
    return text.str();
}

Status Journal::Restore(const fs::path& store_path, const std::string& text) {
    Journal j;
    j.json_path_ = FileFor(store_path);
    j.order_path_ = store_path;
    j.order_path_ += ".sync-order";
    std::error_code ec;
    fs::remove(j.order_path_, ec);
    if (text.empty()) {  // the backup's terminal was not enrolled: neither is the restored one
        fs::remove(j.json_path_, ec);
        return {};
    }
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return MakeError(ErrorCode::kCorrupt, "The sync journal inside the backup is damaged; restore another backup "
                                              "or enrol the terminal again.");
    doc["cursor"] = 0;
    if (auto ok = WriteFileAtomically(j.json_path_, doc.dump(2) + "\n"); !ok) return ok;
    auto loaded = Load(store_path);  // the same checks as every start
    if (!loaded.ok()) return loaded.error();
    return {};
}

}  // namespace anl::sync
