-- A migration kept as a file, next to the Migration beans.
CREATE TABLE sql_things (id UInt64) ENGINE = MergeTree() ORDER BY id;
INSERT INTO sql_things VALUES (1), (2);
