-- Raised inside the journal's one-round-trip reaction write when a message's reaction state is no longer the one the
-- write computed from (another event loop or instance changed it since this one last saved it, or the row is gone):
-- the statement fails, the transaction cannot commit, and the journal writes the batch again the locking way, which
-- reads the current state under the row lock.
CREATE FUNCTION hookline_state_moved() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'a reaction state changed since it was read; the batch is written again from the current state'
    USING ERRCODE = 'HL412';
END
$$;
