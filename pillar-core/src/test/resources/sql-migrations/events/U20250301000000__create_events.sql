-- Undoes V20250301000000__create_events.sql
DROP TABLE event_notes;
DROP TABLE events;
