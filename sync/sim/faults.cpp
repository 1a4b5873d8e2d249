// FaultyTransport: the network's misdeeds, seeded so a failing run repeats.
#include "sync/sim/sim.h"

namespace anl::sync::sim {

Result<HttpResponse> FaultyTransport::Pass(const HttpRequest& request) {
    ++counts.sent;
    return inner_.Send(request);
}

Result<HttpResponse> FaultyTransport::Send(const HttpRequest& request) {
    if (offline) return MakeError(ErrorCode::kNetwork, "The network cable is out (simulated).");
    // A request held back earlier arrives now, after the ones sent since (reordering).
    if (!held_.empty() && Chance(0.5)) {
        (void)Pass(held_.front());
        held_.pop_front();
    }
    if (Chance(rates_.drop)) {
        ++counts.dropped;
        return MakeError(ErrorCode::kNetwork, "The request was lost (simulated).");
    }
    if (Chance(rates_.delay)) {
        ++counts.delayed;
        held_.push_back(request);
        return MakeError(ErrorCode::kNetwork, "The request timed out (simulated).");
    }
    HttpRequest sent = request;
    if (Chance(rates_.cut_request) && sent.body.size() > 1) {
        ++counts.cut_requests;
        sent.body.resize(std::uniform_int_distribution<std::size_t>(0, sent.body.size() - 1)(rng_));
    }
    auto response = Pass(sent);
    if (Chance(rates_.duplicate)) {
        ++counts.duplicated;
        response = Pass(sent);
    }
    if (Chance(rates_.lose_answer)) {
        ++counts.answers_lost;
        return MakeError(ErrorCode::kNetwork, "The answer was lost (simulated).");
    }
    if (response.ok() && Chance(rates_.cut_answer) && response->body.size() > 1) {
        ++counts.cut_answers;
        response->body.resize(std::uniform_int_distribution<std::size_t>(0, response->body.size() - 1)(rng_));
    }
    return response;
}

void FaultyTransport::Flush() {
    while (!held_.empty()) {
        (void)Pass(held_.front());
        held_.pop_front();
    }
}

}  // namespace anl::sync::sim
