-- Undoes V20250201000000__create_sql_things.sql
DROP TABLE sql_things;
