-- Raised inside the journal's reaction write when a reaction whose effect the write is saving to reaction_state turns
-- out to be a producer's retry (its id was already taken, so the insert left it out): the statement fails, the
-- transaction cannot commit that state, and the journal writes the batch again knowing the duplicate. Lets the write
-- send its COMMIT right behind the insert instead of waiting to check the inserted rows first.
CREATE FUNCTION hookline_reaction_taken() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'a reaction''s producer id is already taken; the batch is written again without it'
    USING ERRCODE = 'HL409';
END
$$;
