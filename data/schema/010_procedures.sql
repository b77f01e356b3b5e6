-- Migration 10: partnership procedures loaded from files (issue 15).
--
-- * procedures holds every procedure file an admin has loaded (`escalate
--   procedure load`), whole and verbatim, with its name, version and the
--   SHA-256 of its text; append-only.  The default procedure as shipped
--   (data/procedures/cambs-peterborough.ini, version 1) is compiled into
--   escalate and has no row.
-- * cases.procedure_id pins a case to the procedure version it was opened
--   under; NULL is the shipped default, version 1 — every case of an
--   upgraded database, so that their history, seals and reports are exactly
--   what they were.  The pin never changes, and the seal of a case with a
--   pin also covers it (ESC_CASE_SEAL_PIN, ESC_CASE_SEAL_HASH in audit.h).
-- * What is loaded and which local authority follows which procedure are
--   settings ("procedure NAME" = "VERSION SHA256", "procedure for LA" =
--   NAME), so each change is a row of the chained configuration history
--   (schema 8) with who and when, and verify checks the settings against it.
-- * A procedure has up to 9 levels (procedure_file.h ESC_STAGES_MAX): the
--   events table's level CHECKs allow them since migration 9, which rebuilt
--   it.

CREATE TABLE procedures (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  version   INTEGER NOT NULL CHECK (version >= 1),
  text      TEXT NOT NULL,
  sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
  loaded_at TEXT NOT NULL,
  loaded_by INTEGER NOT NULL REFERENCES staff(id),
  UNIQUE (name, version)
);

CREATE TRIGGER procedures_no_update BEFORE UPDATE ON procedures
BEGIN SELECT RAISE(ABORT, 'escalate: a loaded procedure never changes; load a new version'); END;
CREATE TRIGGER procedures_no_delete BEFORE DELETE ON procedures
BEGIN SELECT RAISE(ABORT, 'escalate: a loaded procedure is kept (cases follow it)'); END;

ALTER TABLE cases ADD COLUMN procedure_id INTEGER REFERENCES procedures(id);

-- "Needs my action" reads the cases of loaded procedures apart (query.c).
CREATE INDEX cases_pinned ON cases(procedure_id, state, level) WHERE procedure_id IS NOT NULL;

CREATE TRIGGER cases_procedure_pinned BEFORE UPDATE OF procedure_id ON cases
WHEN old.procedure_id IS NOT new.procedure_id
BEGIN SELECT RAISE(ABORT, 'escalate: a case follows the procedure it was opened under'); END;

