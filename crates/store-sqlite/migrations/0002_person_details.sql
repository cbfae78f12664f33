-- Person details (issue 3): identifiers, demographics, former names, addresses with history
-- and warnings about risk to staff. Names of tables, columns and indexes match PostgreSQL's.

-- A UPN or NHS number belongs to one live record: the unique index turns a duplicate into a
-- message at the field. Merging records (the families capability) moves or removes the row.
CREATE TABLE person_identifier (
    person_id INTEGER NOT NULL REFERENCES person (id),
    kind TEXT NOT NULL CHECK (kind IN ('upn', 'nhs_number')),
    value TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (person_id, kind)
);
CREATE UNIQUE INDEX person_identifier_value ON person_identifier (kind, value);

-- Demographics with the DfE's codes; disabilities as comma-separated CIN census codes.
CREATE TABLE person_demographics (
    person_id INTEGER PRIMARY KEY REFERENCES person (id),
    gender TEXT,
    ethnicity TEXT,
    disabilities TEXT NOT NULL DEFAULT '',
    date_of_death TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE person_former_name (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    used_until TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX person_former_name_person ON person_former_name (person_id, used_until);

-- Addresses with history: moving sets `to_date` on the previous one. The keys serve lookups:
-- `postcode_key` upper case without spaces, `line_1_key` letters and digits of the first line.
CREATE TABLE person_address (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    line_1 TEXT NOT NULL,
    line_2 TEXT,
    line_3 TEXT,
    town TEXT NOT NULL,
    postcode TEXT NOT NULL,
    postcode_key TEXT NOT NULL,
    line_1_key TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT
);
CREATE INDEX person_address_person ON person_address (person_id, from_date);
CREATE INDEX person_address_postcode ON person_address (postcode_key);
CREATE INDEX person_address_line_1 ON person_address (line_1_key);

-- Warnings about risk to staff. Ending one sets `until_date`; the row stays.
CREATE TABLE person_warning (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    category TEXT NOT NULL,
    text TEXT NOT NULL,
    from_date TEXT NOT NULL,
    until_date TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX person_warning_person ON person_warning (person_id, from_date);
