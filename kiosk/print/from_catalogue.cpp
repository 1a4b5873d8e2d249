// Slips from what the store knows: ids, minutes and times into the visitor's words.
#include "kiosk/print/print.h"

namespace anl::print {
namespace {

// The wait as the ticket screen says it (kiosk/ui/viewmodels/visitor_text.h WaitInWords, the
// same keys and core::WordWait; print does not link the screens).
std::string WaitWords(const messages::Messages& m, std::string_view lang, int minutes) {
    if (minutes < 0) return std::string(m.Text(lang, "kiosk.service.wait_unknown"));
    const core::WaitWording wording = core::WordWait(minutes);
    switch (wording.unit) {
        case core::WaitWording::Unit::kNone: return std::string(m.Text(lang, "kiosk.service.wait_none"));
        case core::WaitWording::Unit::kMinutes:
            return m.Format(lang, "ticket.estimated_wait", messages::Args().Int("minutes", wording.value));
        case core::WaitWording::Unit::kHours:
            return m.Format(lang, "ticket.estimated_wait_hours", messages::Args().Int("hours", wording.value));
    }
    return std::string(m.Text(lang, "kiosk.service.wait_unknown"));
}

std::vector<std::string> DocumentTitles(const catalogue::Catalogue& c, const messages::Messages& m,
                                        std::string_view lang, const catalogue::Service& service) {
    std::vector<std::string> titles;
    for (const auto& id : service.document_ids)
        if (const catalogue::Document* d = c.FindDocument(id)) titles.emplace_back(m.Text(lang, d->title_key));
    return titles;
}

}  // namespace

TicketSlip MakeTicketSlip(const catalogue::Catalogue& c, const messages::Messages& m, std::string_view lang,
                          std::string_view number, std::string_view service_id, int wait_minutes,
                          Micros issued_at) {
    TicketSlip t;
    t.lang = std::string(lang);
    t.number = std::string(number);
    t.wait = WaitWords(m, lang, wait_minutes);
    t.issued_at = issued_at;
    if (const catalogue::Service* s = c.FindService(service_id)) {
        t.documents = DocumentTitles(c, m, lang, *s);
        t.staff_service = std::string(m.Text("de", s->name_key));
        if (const catalogue::Office* o = c.FindOffice(s->office_id)) {
            t.office = std::string(m.Text(lang, o->name_key));
            t.wait_where = std::string(m.Text(lang, o->waiting_area_key));
        }
    }
    return t;
}

BookingSlip MakeBookingSlip(const catalogue::Catalogue& c, const messages::Messages& m,
                            const core::Appointment& a) {
    BookingSlip b;
    b.lang = a.lang.empty() ? "de" : a.lang;
    b.reference = a.reference;
    b.start_us = a.start_us;
    if (const catalogue::Service* s = c.FindService(a.service_id)) {
        b.service = std::string(m.Text(b.lang, s->name_key));
        b.staff_service = std::string(m.Text("de", s->name_key));
        b.documents = DocumentTitles(c, m, b.lang, *s);
        if (const catalogue::Office* o = c.FindOffice(s->office_id)) b.office = std::string(m.Text(b.lang, o->name_key));
    }
    return b;
}

ReferralSlip MakeReferralSlip(const messages::Messages& m, std::string_view lang, const catalogue::Partner& p) {
    ReferralSlip r;
    r.lang = std::string(lang);
    r.partner = p.name;
    r.address = p.address;
    r.hours = p.hours;
    for (const auto& code : p.languages) {
        const messages::LanguageInfo* info = m.FindLanguage(code);
        r.languages.push_back(info != nullptr && !info->name.empty() ? info->name : code);
    }
    r.qr_text = p.QrText();
    return r;
}

}  // namespace anl::print
