ALTER TABLE events ADD COLUMN source String DEFAULT '{source}'
