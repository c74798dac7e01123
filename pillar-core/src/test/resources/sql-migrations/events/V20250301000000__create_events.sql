-- Creates the events table and a view over it.
-- A ; in a comment does not split; nor does one in a string.
CREATE TABLE events (id UInt64, note String DEFAULT 'a;b') ENGINE = MergeTree() ORDER BY id;

/* the view; block comments are fine too */
CREATE VIEW event_notes AS SELECT id, note FROM events WHERE note != ';';
-- trailing comment
