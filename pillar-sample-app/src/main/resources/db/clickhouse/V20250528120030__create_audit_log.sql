-- Migration 20250528120030 (create_audit_log): a migration kept as a file, next to the code migrations.
-- Statements are separated by ; at top level (a ; in a string or a comment does not split).
CREATE TABLE IF NOT EXISTS audit_log (
    at DateTime,
    actor String,
    action String
) ENGINE = MergeTree() ORDER BY at;

INSERT INTO audit_log VALUES ('2025-05-28 12:00:30', 'pillar', 'created; the audit log');
