-- People and teams on the web (issue 10). A coordinator or an organizer
-- may deactivate a person: deactivated_at says since when. A deactivated
-- person cannot sign in (store.Session refuses them, and deactivating ends
-- their sessions in the same transaction), organizes no team any more
-- (teams.organizer_id is cleared, so the digest and the organizer texts,
-- which all follow teams.organizer_id, stop; their pending ones are
-- cancelled), and is shown as deactivated. Their own texts are answered
-- like anyone's: deactivating is not opting out, only STOP is.
--
-- Version invariant (migration 00003): deactivating and reactivating need
-- not bump conversations.version (Load does not read deactivated_at).
-- store.UpdatePerson (name, team, language, time zone, role) and
-- store.SetRole bump it; store.UpdateTeam bumps it for every volunteer of a
-- team it renames (Load reads the team's name).

-- +goose Up
ALTER TABLE volunteers ADD COLUMN deactivated_at DATETIME;

-- +goose Down
ALTER TABLE volunteers DROP COLUMN deactivated_at;
