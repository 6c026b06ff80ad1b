-- Release 1: where the demo app would count its visits.
CREATE TABLE visits (
  id serial PRIMARY KEY,
  path text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
);
