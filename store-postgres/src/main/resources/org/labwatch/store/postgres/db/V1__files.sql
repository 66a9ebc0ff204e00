-- labwatch schema version 1: every file a run has (status, log, metrics, plot) as a row keyed by
-- its logical path (docs/scale-out.md, "How the store works"). Applied in one transaction.
CREATE TABLE labwatch_schema (version integer PRIMARY KEY, description text NOT NULL,
                              applied_at timestamptz NOT NULL DEFAULT now());
CREATE SEQUENCE labwatch_change_seq;
CREATE TABLE labwatch_file (
  id        bigserial PRIMARY KEY,
  path      text NOT NULL UNIQUE,          -- the logical path (key)
  dir       text NOT NULL,                 -- logical parent directory key
  name      text NOT NULL,                 -- file name
  kind      text NOT NULL CHECK (kind IN ('status','log','metrics','plot','other')),
  length    bigint NOT NULL DEFAULT 0,
  content   bytea,                         -- whole content for status and plot; NULL for appended files
  sha256    bytea,                         -- of content (status, plot); NULL for appended files
  modified  timestamptz NOT NULL,
  seq       bigint NOT NULL,               -- labwatch_change_seq value of the last change
  removed   boolean NOT NULL DEFAULT false -- a tombstone, so that watchers on other nodes learn of it
);
CREATE INDEX labwatch_file_dir ON labwatch_file (dir, kind);
CREATE INDEX labwatch_file_seq ON labwatch_file (seq);
CREATE TABLE labwatch_chunk (                -- appended files (logs, metrics): their bytes in order
  file_id      bigint NOT NULL REFERENCES labwatch_file(id) ON DELETE CASCADE,
  start_offset bigint NOT NULL,
  data         bytea NOT NULL,
  PRIMARY KEY (file_id, start_offset)
);
INSERT INTO labwatch_schema (version, description) VALUES (1, 'files, chunks, change sequence');
