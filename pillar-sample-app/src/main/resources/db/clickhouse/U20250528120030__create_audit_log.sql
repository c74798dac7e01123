-- Undoes V20250528120030__create_audit_log.sql
DROP TABLE IF EXISTS audit_log;
