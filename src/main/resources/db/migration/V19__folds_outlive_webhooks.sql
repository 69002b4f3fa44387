-- A fold's rows outlive its webhook. Event lookup credits a sent fold's POST to every reaction folded into it through
-- these rows; deleting them with the webhook (ON DELETE CASCADE) rewrote the past: after a delete, each reaction but
-- the last read "dropped / webhook_deleted" although the receiver got it in the fold. Disabling or deleting a webhook
-- now marks its waiting folds dropped instead (ReactionFolds.DROP_OPEN), and retention purges finished folds as before.
ALTER TABLE reaction_folds DROP CONSTRAINT reaction_folds_webhook_id_fkey;
