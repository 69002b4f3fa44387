package io.hookline.ingest;

/** The statements of the group-commit journal. */
final class JournalSql {

  private JournalSql() {
  }

  /**
   * One multi-row insert for a whole batch; duplicates of an earlier producer id are silently left out (they are
   * recognised by their absence from RETURNING). Events that fire something also enter {@code pending_events}
   * in the same statement, so "accepted" and "work to do" are committed together.
   */
  static final String INSERT_EVENTS = """
      WITH input AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                             $8::text[]) WITH ORDINALITY
          AS t(workspace_id, id, kind, fires, message_uid, skip_reason, reactions, body, ord)
      ), ins AS (
        INSERT INTO events (workspace_id, id, kind, fires, message_uid, skip_reason, reactions, body, received_at)
        SELECT workspace_id, id, kind, fires, message_uid, skip_reason, reactions, body, $10 FROM input ORDER BY ord
        ON CONFLICT (workspace_id, id) DO NOTHING
        RETURNING seq, workspace_id, id, skip_reason, received_at
      ), pending AS (
        INSERT INTO pending_events (seq, instance_id, created_at)
        SELECT seq, $9, clock_timestamp() FROM ins WHERE skip_reason IS NULL
      )
      SELECT seq, workspace_id, id, received_at FROM ins""";

  /**
   * Which of these message uids were ever ingested as a message or a call: in the journal, or — once retention
   * purged the journal rows — in {@code synced_messages}.
   */
  static final String SYNCED_UIDS = """
      SELECT DISTINCT e.workspace_id, e.message_uid FROM events e
      JOIN unnest($1::text[], $2::text[]) AS k(workspace_id, message_uid)
        ON e.workspace_id = k.workspace_id AND e.message_uid = k.message_uid
      WHERE e.kind <> 'reaction'
      UNION
      SELECT s.workspace_id, s.message_uid FROM synced_messages s
      JOIN unnest($1::text[], $2::text[]) AS k(workspace_id, message_uid)
        ON s.workspace_id = k.workspace_id AND s.message_uid = k.message_uid""";

  /** Which of these producer ids are already in the journal. */
  static final String EXISTING_IDS = """
      SELECT e.workspace_id, e.id FROM events e
      JOIN unnest($1::text[], $2::text[]) AS k(workspace_id, id) ON e.workspace_id = k.workspace_id AND e.id = k.id""";

  /**
   * Creates missing state rows and locks all of them, in key order so concurrent batches cannot deadlock, and
   * returns the current state. The no-op update is what takes the lock on rows that already exist.
   */
  static final String LOCK_REACTION_STATE = """
      INSERT INTO reaction_state (workspace_id, message_uid, state)
      SELECT workspace_id, message_uid, '' FROM unnest($1::text[], $2::text[]) AS k(workspace_id, message_uid)
      ORDER BY workspace_id, message_uid
      ON CONFLICT (workspace_id, message_uid) DO UPDATE SET updated_at = reaction_state.updated_at
      RETURNING workspace_id, message_uid, state""";

  static final String SAVE_REACTION_STATE = """
      UPDATE reaction_state r SET state = u.state, updated_at = now()
      FROM unnest($1::text[], $2::text[], $3::text[]) AS u(workspace_id, message_uid, state)
      WHERE r.workspace_id = u.workspace_id AND r.message_uid = u.message_uid""";
}
