-- A second schema version for the upgrade test: a new table and a new column.
CREATE TABLE labwatch_note (file_id bigint NOT NULL REFERENCES labwatch_file(id), note text NOT NULL);
ALTER TABLE labwatch_file ADD COLUMN note_count integer NOT NULL DEFAULT 0;
