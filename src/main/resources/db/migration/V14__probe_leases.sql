-- While a webhook's receiver is not known to be healthy (a fresh start, or failures since its last success), each
-- instance keeps few enough requests in flight that all of them failing cannot run past the disable threshold. Without
-- coordination every instance had its own such budget, so two instances could send 22 requests to a receiver that
-- failed everything before both stopped. Now only the instance holding the webhook's probe lease sends while the
-- receiver is not known healthy, with its budget counted from the database's errors_counter when it took the lease;
-- it gives the lease back once a success shows the receiver healthy or once its outcomes are stored and it has nothing
-- more to send. A lease lapses at `until`, so a holder that died stops blocking the others, and one whose instance
-- stopped (or was taken over) is free at once; `period` is the webhook's enabled_since, so re-enabling frees it at
-- once. `token` names the holder's one hold (an instance may hold a webhook's lease again under a new token after
-- re-enabling), so that renewing and giving back only ever touch that hold.
CREATE TABLE probe_leases (
  webhook_id uuid PRIMARY KEY REFERENCES webhooks (id) ON DELETE CASCADE,
  holder uuid NOT NULL,
  token uuid NOT NULL,
  period timestamptz NOT NULL,
  until timestamptz NOT NULL
);
