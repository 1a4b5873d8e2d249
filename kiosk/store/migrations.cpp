#include "kiosk/store/migrations.h"

namespace anl::store::migrations {

const std::vector<std::string_view>& All() {
    static const std::vector<std::string_view> kMigrations = {
        // 1: the site, its catalogue and devices, and the event log (this device's own
        //    events are its outbox; outbox_state remembers what the central service has).
        R"sql(
CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  rules_json TEXT NOT NULL            -- core::QueueRules as JSON
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  slot INTEGER NOT NULL,              -- ticket-number slot, unique per site
  role TEXT NOT NULL,
  is_self INTEGER NOT NULL DEFAULT 0  -- exactly one row: this device
);
CREATE TABLE offices (
  id TEXT PRIMARY KEY,
  ticket_prefix TEXT NOT NULL,
  name_key TEXT NOT NULL,
  summary_key TEXT NOT NULL,
  pictogram TEXT NOT NULL,
  waiting_area_key TEXT NOT NULL,
  waiting_area_id TEXT NOT NULL
);
CREATE TABLE services (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL REFERENCES offices(id),
  name_key TEXT NOT NULL,
  description_key TEXT NOT NULL,
  pictogram TEXT NOT NULL,
  document_ids TEXT NOT NULL,         -- JSON array
  typical_minutes INTEGER NOT NULL,
  needs_appointment INTEGER NOT NULL
);
CREATE TABLE priority_classes (
  id TEXT PRIMARY KEY,
  rank INTEGER NOT NULL,
  label_key TEXT NOT NULL,
  pictogram TEXT NOT NULL
);
CREATE TABLE counters (
  office_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (office_id, number)
);
-- One b-tree keyed by (device_id, seq): appending an own event touches one page, which
-- keeps a durable ticket issue close to a raw single-row insert (docs/PERFORMANCE.md).
CREATE TABLE events (
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  pos INTEGER NOT NULL,               -- local arrival order, 1, 2, 3 ... (not indexed)
  type TEXT NOT NULL,
  payload TEXT NOT NULL,              -- JSON
  at_us INTEGER NOT NULL,
  applied INTEGER NOT NULL DEFAULT 1, -- 0: the reducer skipped it
  skipped_because TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
CREATE TABLE outbox_state (
  device_id TEXT PRIMARY KEY,
  sent_up_to INTEGER NOT NULL DEFAULT 0
);
)sql",
        // 2: the projection of the events: tickets (a visit's stops; each row repeats its
        //    visit's fields, which never change after issue, so an issue writes one row) and calls.
        R"sql(
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  visit_id TEXT NOT NULL,
  display TEXT NOT NULL,
  prefix TEXT NOT NULL,
  number INTEGER NOT NULL,
  service_day TEXT NOT NULL,
  arrival_at INTEGER NOT NULL,
  lang TEXT NOT NULL,
  priority_class TEXT NOT NULL,
  priority_rank INTEGER NOT NULL,
  interpreter INTEGER NOT NULL,
  appointment_due_at INTEGER NOT NULL,
  issued_by TEXT NOT NULL,
  stop_index INTEGER NOT NULL,
  office_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  call_count INTEGER NOT NULL,
  first_called_at INTEGER NOT NULL,
  last_called_at INTEGER NOT NULL,
  counter INTEGER NOT NULL,
  staff TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  note TEXT NOT NULL,
  transferred_to TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  display TEXT NOT NULL,
  office_id TEXT NOT NULL,
  counter INTEGER NOT NULL,
  at_us INTEGER NOT NULL,
  recall INTEGER NOT NULL,
  device_id TEXT NOT NULL
);
)sql",
        // 3: staff who sign in at desks (PIN as argon2id hash) and appointments (schema
        //    only; booking comes later).
        R"sql(
CREATE TABLE staff (
  number TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  pin_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  lang TEXT NOT NULL DEFAULT 'de',
  status TEXT NOT NULL DEFAULT 'booked',   -- booked, checked_in, cancelled
  visit_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
)sql",
        // sync (config down): the site configuration the central service handed down, as
        //    applied (config_store.cpp). One row of state; files under their published paths
        //    ("catalogue/offices.toml", "translations/de/ui.toml", "hours.toml").
        R"sql(
CREATE TABLE site_config (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  published_us INTEGER NOT NULL,
  applied_us INTEGER NOT NULL,
  staff_included INTEGER NOT NULL
);
CREATE TABLE site_config_files (
  path TEXT PRIMARY KEY,
  text TEXT NOT NULL
);
)sql",
        // escrow (appointment slots): the slots the central service lets this terminal give
        //    out offline (replaced on every renewal), and the bookings folded from
        //    appointment.* events, and the catalogue's appointment hours
        //    (kiosk/store/appointments.cpp).
        R"sql(
CREATE TABLE appointment_escrow (
  slot_id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  expires_us INTEGER NOT NULL           -- the central may give the slot to others after this
) WITHOUT ROWID;
CREATE TABLE appointment_bookings (
  id TEXT PRIMARY KEY,                  -- "<device>/<seq>" of the booking event
  reference TEXT NOT NULL,
  slot_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  lang TEXT NOT NULL,
  booked_by TEXT NOT NULL,
  booked_at INTEGER NOT NULL,
  status TEXT NOT NULL,                 -- booked, cancelled, refused
  refused_because TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX appointment_bookings_by_slot ON appointment_bookings(slot_id);
CREATE TABLE appointment_settings (
  name TEXT PRIMARY KEY,                -- holidays, office_hours, service_slots (the catalogue's)
  value TEXT NOT NULL                   -- JSON
) WITHOUT ROWID;
)sql",
        // --- foundation (session 2): who holds a ticket's standing call, and a visit's
        //     planned stops. After sync's and escrow's migrations.
        //     called_by: the device whose call stands (filled from the event log for tickets
        //     at a counter now). plan: the visit's planned stops as issued, a JSON array of
        //     {office_id, service_id}, repeated on each of its tickets like the other visit
        //     fields ('[]' for visits issued before). plan_index: which planned stop a ticket
        //     is (-1: a transfer or a visit without a plan).
        R"sql(
ALTER TABLE tickets ADD COLUMN called_by TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN plan TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN plan_index INTEGER NOT NULL DEFAULT -1;
UPDATE tickets SET called_by = coalesce((
  SELECT e.device_id FROM events e
  WHERE e.type = 'ticket.called' AND e.applied = 1 AND json_extract(e.payload, '$.ticket_id') = tickets.id
  ORDER BY e.pos DESC LIMIT 1), '')
WHERE state IN ('called', 'recalled', 'in_service');
)sql",
        // --- check-in (issue 12): an appointment's arrival, set once by the ticket.issued
        //     that checked it in (kiosk/store/appointments.cpp). Filled from the event log
        //     for check-ins stored before (none: the field is new with this version).
        R"sql(
ALTER TABLE appointment_bookings ADD COLUMN arrived_ticket TEXT NOT NULL DEFAULT '';
ALTER TABLE appointment_bookings ADD COLUMN arrived_at INTEGER NOT NULL DEFAULT 0;
)sql",
        // network (issue 12): case-management hand-offs, a projection of handoff.given events
        //    (kiosk/store/network.cpp). name: kept only when the visitor consented, else ''.
        R"sql(
CREATE TABLE handoffs (
  id TEXT PRIMARY KEY,                  -- "<device>/<seq>" of the handoff.given event
  ticket_id TEXT NOT NULL,
  office_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  reason TEXT NOT NULL,                 -- a case-management reason id of the catalogue
  to_service_id TEXT NOT NULL,          -- the case managers' service
  appointment_id TEXT NOT NULL,         -- the first case-management appointment, '' when none
  consent INTEGER NOT NULL,
  name TEXT NOT NULL,
  given_by TEXT NOT NULL,
  at_us INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
        // rights (issue 13): each staff member's roles (core.h section 12), comma-separated
        //    names in table order ("administrator,desk"). Staff from before roles sign in at
        //    desks, so they are desk staff. The audit log needs no table: it is the audit.*
        //    events and the queue's own events (kiosk/store/staff_admin.cpp).
        R"sql(
ALTER TABLE staff ADD COLUMN roles TEXT NOT NULL DEFAULT 'desk';
)sql",
    };
    return kMigrations;
}

}  // namespace anl::store::migrations
