-- labwatch schema version 2: which server sends a notification when several share the store
-- (docs/notifications.md, "Several servers on one store"). A row is a claim: the node that
-- inserted it sends the channel's event; the others count it as sent.
CREATE TABLE labwatch_delivery_claim (
  channel    text NOT NULL,
  event_key  text NOT NULL,
  node       text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, event_key)
);
CREATE INDEX labwatch_delivery_claim_at ON labwatch_delivery_claim (claimed_at);
