// The benchmarks' device that holds a long-poll on a central all the time (bench_sync's
// fan-out, bench_city's day): connects once, pulls with the longest wait, hands every answer
// to its owner with the moment it arrived, and pulls again from the answer's cursor. One Asio
// thread drives any number of them. Header-only: two benchmarks, no library of its own.
#pragma once

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sync/protocol/protocol.h"

namespace anl::bench {

class LongPoller : public std::enable_shared_from_this<LongPoller> {
public:
    // `now_ns`: std::chrono::steady_clock's count when the answer was read.
    using OnAnswer = std::function<void(const sync::PullOk& answer, std::int64_t now_ns)>;

    LongPoller(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint endpoint, std::string token,
               OnAnswer on_answer)
        : stream_(io), endpoint_(endpoint), token_(std::move(token)), on_answer_(std::move(on_answer)) {}

    void Start() {
        stream_.async_connect(endpoint_, [self = shared_from_this()](boost::beast::error_code ec) {
            if (!ec) self->Poll();
        });
    }
    void Stop() {
        boost::beast::error_code ignored;
        stream_.socket().close(ignored);
    }

private:
    void Poll() {
        namespace http = boost::beast::http;
        request_ = {http::verb::post, "/v1/pull", 11};
        request_.set(http::field::host, "127.0.0.1");
        request_.set(http::field::authorization, "Bearer " + token_);
        request_.keep_alive(true);
        request_.body() =
            sync::Encode(sync::Pull{cursor_, sync::kMaxPollWaitMs, static_cast<int>(sync::kMaxBatchEvents), false});
        request_.prepare_payload();
        http::async_write(stream_, request_, [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
            if (ec) return;
            self->response_ = {};
            http::async_read(self->stream_, self->buffer_, self->response_,
                             [self](boost::beast::error_code read_ec, std::size_t) { self->Answered(read_ec); });
        });
    }
    void Answered(boost::beast::error_code ec) {
        if (ec) return;  // the central went away or Stop: this device is done
        const std::int64_t now_ns = std::chrono::steady_clock::now().time_since_epoch().count();
        auto answer = sync::DecodeAs<sync::PullOk>(response_.body());
        if (answer.ok()) {
            on_answer_(answer.value(), now_ns);
            cursor_ = answer->cursor;
        }
        Poll();
    }

    boost::beast::tcp_stream stream_;
    boost::asio::ip::tcp::endpoint endpoint_;
    std::string token_;
    OnAnswer on_answer_;
    boost::beast::flat_buffer buffer_;
    boost::beast::http::request<boost::beast::http::string_body> request_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
    std::int64_t cursor_ = 0;
};

}  // namespace anl::bench
