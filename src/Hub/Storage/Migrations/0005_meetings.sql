-- Joint case meetings (issue 11, M1–M6): the meeting, its participants, its one-page invitation
-- (agenda and decisions wanted) and its outcome (agreements, action items, next review).

-- btree_gist lets one exclusion constraint compare the person with = and the time with &&. It is a
-- trusted extension (PostgreSQL 13+), so a database owner without superuser may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE meeting (
    meeting_id text PRIMARY KEY,
    person_id text NOT NULL REFERENCES person,
    coordinator_agency_id text NOT NULL REFERENCES agency,
    -- 1 scheduled, 2 cancelled, 3 held (MeetingStatus).
    status smallint NOT NULL CHECK (status BETWEEN 1 AND 3),
    -- The iCalendar SEQUENCE: raised by every reschedule and by cancellation.
    sequence integer NOT NULL CHECK (sequence >= 0),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    time_zone text NOT NULL,
    location text,
    online_url text,
    person_attends boolean NOT NULL,
    decisions_wanted text[] NOT NULL,
    cancellation_reason text,
    next_review_date date,
    outcome_recorded_at timestamptz,
    created_at timestamptz NOT NULL,
    CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '8 hours'),
    CHECK ((location IS NULL) <> (online_url IS NULL)),
    CHECK ((status = 2) = (cancellation_reason IS NOT NULL)),
    CHECK ((status = 3) = (outcome_recorded_at IS NOT NULL)),
    -- M3: one person is never in two overlapping scheduled meetings, whichever node writes them.
    CONSTRAINT meeting_no_overlap EXCLUDE USING gist (person_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 1)
);
-- A coordinator's meetings by start; a person's meetings by start.
CREATE INDEX meeting_coordinator_start ON meeting (coordinator_agency_id, starts_at, meeting_id);
CREATE INDEX meeting_person_start ON meeting (person_id, starts_at, meeting_id);
-- Reviews falling due: the held meetings of a coordinator by review date.
CREATE INDEX meeting_review ON meeting (coordinator_agency_id, next_review_date) WHERE status = 3;

CREATE TABLE meeting_participant (
    meeting_id text NOT NULL REFERENCES meeting,
    agency_id text NOT NULL REFERENCES agency,
    position smallint NOT NULL,
    -- 1 required, 2 optional (ParticipantRole).
    role smallint NOT NULL CHECK (role BETWEEN 1 AND 2),
    -- 1 needs action, 2 accepted, 3 declined, 4 tentative, 5 consent withdrawn (ParticipationStatus).
    status smallint NOT NULL CHECK (status BETWEEN 1 AND 5),
    comment text NOT NULL,
    responded_at timestamptz,
    -- The meeting's start, kept here too so that an agency's meetings list in start order from its
    -- own index: a plan that joined first and sorted after would read every participation.
    starts_at timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, agency_id)
);
-- The meetings an agency takes part in, by start; a revocation finds the participations it withdraws.
CREATE INDEX meeting_participant_agency_start ON meeting_participant (agency_id, starts_at, meeting_id);

CREATE TABLE meeting_agenda_item (
    meeting_id text NOT NULL REFERENCES meeting,
    position smallint NOT NULL,
    title text NOT NULL,
    aim text NOT NULL,
    minutes integer NOT NULL CHECK (minutes BETWEEN 0 AND 480),
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE meeting_agreement (
    meeting_id text NOT NULL REFERENCES meeting,
    position smallint NOT NULL,
    text text NOT NULL,
    confirmed_by_person boolean NOT NULL,
    person_words text NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE meeting_action_item (
    meeting_id text NOT NULL REFERENCES meeting,
    position smallint NOT NULL,
    description text NOT NULL,
    owner_agency_id text NOT NULL REFERENCES agency,
    due_date date NOT NULL,
    PRIMARY KEY (meeting_id, position)
);
-- An owner's items by due date.
CREATE INDEX meeting_action_item_owner ON meeting_action_item (owner_agency_id, due_date);

-- M6: the audit record of a meeting's disclosure names the meeting.
ALTER TABLE audit_record ADD COLUMN meeting_id text;
