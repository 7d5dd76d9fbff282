-- Case summaries (issue 5): each agency's summary of a person, versioned. Every version is kept for
-- the record; only the current one of each author is served.

CREATE TABLE case_summary (
    person_id text NOT NULL REFERENCES person,
    author_agency_id text NOT NULL REFERENCES agency,
    version integer NOT NULL CHECK (version > 0),
    published_at timestamptz NOT NULL,
    is_current boolean NOT NULL,
    PRIMARY KEY (person_id, author_agency_id, version)
);
-- One current version per author and person; reads go straight to it.
CREATE UNIQUE INDEX case_summary_current ON case_summary (person_id, author_agency_id) WHERE is_current;

-- One section per category of a version, keeping fact, judgement, plan and the person's words apart (R1).
CREATE TABLE case_section (
    person_id text NOT NULL,
    author_agency_id text NOT NULL,
    version integer NOT NULL,
    category smallint NOT NULL CHECK (category BETWEEN 1 AND 13),
    facts text NOT NULL,
    assessment text NOT NULL,
    plan text NOT NULL,
    person_words text NOT NULL,
    PRIMARY KEY (person_id, author_agency_id, version, category),
    FOREIGN KEY (person_id, author_agency_id, version) REFERENCES case_summary
);

-- Break-glass reads are counted per agency and person for the rate limit.
CREATE INDEX audit_record_break_glass ON audit_record (accessor_agency_id, person_id, occurred_at) WHERE break_glass;
