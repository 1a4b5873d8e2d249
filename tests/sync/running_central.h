// A real central service (Boost.Beast on loopback) on its own thread, stoppable and
// restartable on one port: for tests of the terminal's sync worker, in tests/sync and tests/ui.
#pragma once

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "sync/central/central_store.h"
#include "sync/central/server.h"
#include "sync_test_util.h"

namespace anl::test {

// The central service running on its own thread, stoppable and restartable on one port.
struct RunningCentral {
    std::filesystem::path db;
    std::uint16_t port;
    SystemClock clock;
    std::unique_ptr<sync::central::CentralStore> store;
    std::unique_ptr<sync::central::Service> service;
    std::unique_ptr<boost::asio::io_context> io;
    std::unique_ptr<sync::central::Server> server;
    std::thread thread;

    RunningCentral(std::filesystem::path path, std::uint16_t p) : db(std::move(path)), port(p) { Start(); }
    ~RunningCentral() { Stop(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

    void Start() {
        store = std::move(sync::central::OpenSqliteStore(db.string()).value());
        service = std::make_unique<sync::central::Service>(*store, clock, kAdminToken);
        io = std::make_unique<boost::asio::io_context>(1);
        sync::central::ServerOptions options;
        options.port = port;
        server = std::make_unique<sync::central::Server>(*io, *service, options);
        REQUIRE(server->Start().ok());
        thread = std::thread([this] { io->run(); });
    }
    void Stop() {
        if (!io) return;
        io->stop();
        thread.join();
        server.reset();
        io.reset();
        service.reset();
        store.reset();
    }
};

}  // namespace anl::test
