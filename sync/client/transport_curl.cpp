// sync client: the libcurl transport. One easy handle, reused so the connection stays open
// between requests; a long-poll can be interrupted from another thread through the progress
// callback.
#include <curl/curl.h>

#include <atomic>

#include "sync/client/client.h"

namespace anl::sync {
namespace {

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

class CurlTransport final : public Transport {
public:
    CurlTransport(std::string base_url, std::string ca_file)
        : base_url_(std::move(base_url)), ca_file_(std::move(ca_file)) {
        static CurlGlobal global;  // curl_global_init is not thread-safe: once, before any handle
        while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
        curl_ = curl_easy_init();
    }
    ~CurlTransport() override {
        if (curl_) curl_easy_cleanup(curl_);
    }

    Result<HttpResponse> Send(const HttpRequest& request) override {
        if (!curl_) return MakeError(ErrorCode::kInternal, "libcurl could not start.");
        std::string url = base_url_ + request.path;
        HttpResponse response;
        Sink sink{&response.body, false};
        curl_easy_reset(curl_);
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
        curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
        // Verification is never switched off: a terminal must not hand events to an impostor.
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(curl_, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
        if (!ca_file_.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, ca_file_.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &CurlTransport::Write);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, &CurlTransport::Progress);
        curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, this);
        curl_slist* headers = nullptr;
        headers = curl_slist_append(headers, "Content-Type: application/json");
        headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
        std::string auth;
        if (!request.token.empty()) {
            auth = "Authorization: Bearer " + request.token;
            headers = curl_slist_append(headers, auth.c_str());
        }
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
        if (request.method == "POST") {
            curl_easy_setopt(curl_, CURLOPT_POST, 1L);
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        } else {
            curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
        }
        CURLcode rc = curl_easy_perform(curl_);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK) {
            if (sink.overflow)
                return MakeError(ErrorCode::kNetwork, "The central service sent an answer larger than the limit.");
            if (rc == CURLE_ABORTED_BY_CALLBACK) return MakeError(ErrorCode::kNetwork, "interrupted");
            if (rc == CURLE_PEER_FAILED_VERIFICATION)
                return MakeError(ErrorCode::kNetwork,
                                 "The central service at " + base_url_ + " showed a certificate that " +
                                     (ca_file_.empty() ? std::string("no CA of this system") : "the CA in " + ca_file_) +
                                     " did not sign, or one for another host name; refusing to talk to it (check --ca).");
            if (rc == CURLE_SSL_CACERT_BADFILE)
                return MakeError(ErrorCode::kNetwork, "Cannot read the CA file " + ca_file_ + " (a PEM certificate).");
            return MakeError(ErrorCode::kNetwork, "Cannot reach the central service at " + base_url_ + " (" +
                                                      curl_easy_strerror(rc) + ").");
        }
        long status = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        response.status = static_cast<int>(status);
        return response;
    }

    void Interrupt() override { interrupted_ = true; }
    void ClearInterrupt() override { interrupted_ = false; }

private:
    struct Sink {
        std::string* body;
        bool overflow;
    };
    static size_t Write(char* data, size_t size, size_t count, void* user) {
        auto* sink = static_cast<Sink*>(user);
        size_t n = size * count;
        if (sink->body->size() + n > kMaxBodyBytes) {
            sink->overflow = true;
            return 0;  // makes libcurl fail the transfer
        }
        sink->body->append(data, n);
        return n;
    }
    static int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        return static_cast<CurlTransport*>(user)->interrupted_.load() ? 1 : 0;
    }

    std::string base_url_;
    std::string ca_file_;
    CURL* curl_ = nullptr;
    std::atomic<bool> interrupted_{false};
};

}  // namespace

std::unique_ptr<Transport> MakeCurlTransport(const std::string& base_url, const std::string& ca_file) {
    return std::make_unique<CurlTransport>(base_url, ca_file);
}

}  // namespace anl::sync
