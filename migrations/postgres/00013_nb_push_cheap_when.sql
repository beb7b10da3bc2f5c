-- The NationBuilder push trigger on updates of reports (00010) tested
-- whether the pushed values changed in its WHEN clause: a comparison of
-- 14 columns that PostgreSQL prepares again for every statement that
-- updates a report (a trigger's WHEN is compiled per query), draft or
-- not, so every answer's Save paid for it (measured in the README's
-- "NationBuilder sync": a draft's UPDATE of reports 0.116 ms without the
-- trigger, 0.203 ms with it, 0.144 ms with a WHEN of the status alone).
-- The WHEN now tests the status alone, and the comparison moves into the
-- function, whose plan is cached per connection and runs only for a
-- complete report. What is queued is unchanged.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION nb_push_report_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IS NOT DISTINCT FROM NEW.status AND
        (OLD.person_name, OLD.person_phone, OLD.person_email, OLD.issue, OLD.commitment, OLD.commitments,
         OLD.commitment_text, OLD.next_steps, OLD.next_contact_at, OLD.next_contact_has_time, OLD.enjoy,
         OLD.notes, OLD.thanked, OLD.extra)
        IS NOT DISTINCT FROM
        (NEW.person_name, NEW.person_phone, NEW.person_email, NEW.issue, NEW.commitment, NEW.commitments,
         NEW.commitment_text, NEW.next_steps, NEW.next_contact_at, NEW.next_contact_has_time, NEW.enjoy,
         NEW.notes, NEW.thanked, NEW.extra) THEN
        RETURN NULL; -- re-saved unchanged: nothing to push
    END IF;
    INSERT INTO nb_pushes (report_id, due_at, created_at, updated_at)
    VALUES (NEW.id, NEW.updated_at, NEW.updated_at, NEW.updated_at)
    ON CONFLICT (report_id) DO UPDATE SET
        revision   = nb_pushes.revision + 1,
        status     = CASE WHEN nb_pushes.status = 'sending' THEN 'sending' ELSE 'pending' END,
        due_at     = EXCLUDED.due_at,
        attempts   = 0,
        last_error = '',
        updated_at = EXCLUDED.updated_at;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

DROP TRIGGER reports_nb_push_update ON reports;
CREATE TRIGGER reports_nb_push_update AFTER UPDATE ON reports
    FOR EACH ROW WHEN (NEW.status = 'complete')
    EXECUTE FUNCTION nb_push_report_update();

-- +goose Down
DROP TRIGGER reports_nb_push_update ON reports;
CREATE TRIGGER reports_nb_push_update AFTER UPDATE ON reports
    FOR EACH ROW WHEN (NEW.status = 'complete' AND (
        OLD.status IS DISTINCT FROM NEW.status OR
        (OLD.person_name, OLD.person_phone, OLD.person_email, OLD.issue, OLD.commitment, OLD.commitments,
         OLD.commitment_text, OLD.next_steps, OLD.next_contact_at, OLD.next_contact_has_time, OLD.enjoy,
         OLD.notes, OLD.thanked, OLD.extra)
        IS DISTINCT FROM
        (NEW.person_name, NEW.person_phone, NEW.person_email, NEW.issue, NEW.commitment, NEW.commitments,
         NEW.commitment_text, NEW.next_steps, NEW.next_contact_at, NEW.next_contact_has_time, NEW.enjoy,
         NEW.notes, NEW.thanked, NEW.extra)))
    EXECUTE FUNCTION nb_push_report();
DROP FUNCTION nb_push_report_update();
