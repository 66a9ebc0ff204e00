-- A second schema version that fails after its first statement: the upgrade must leave version 1 as it was.
CREATE TABLE labwatch_note (file_id bigint NOT NULL, note text NOT NULL);
ALTER TABLE labwatch_file ADD COLUMN note_count integer NOT NULL DEFAULT 0;
ALTER TABLE labwatch_no_such_table ADD COLUMN x integer;
