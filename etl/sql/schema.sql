-- Tables the build loads. Views over them live in views/, one file per view.

create table if not exists sources (
    sha256          varchar primary key,  -- content hash: a source is loaded once per content
    path            varchar not null,     -- path relative to the build's input folder
    bytes           bigint not null,
    encoding        varchar,              -- detected text encoding (null for binary formats)
    kind            varchar,              -- txt, html, pdf, docx, xlsx, csv
    parser_version  varchar not null,     -- fingerprint of the etl code that parsed it
    n_reports       integer not null,
    ingested_at     timestamp not null
);

create table if not exists reports (
    report_id       varchar primary key,  -- <sha256[:16]>-<part>
    source_sha256   varchar not null,
    path            varchar not null,
    part            integer not null,
    parts           integer not null,
    agency          varchar,
    agency_id       varchar,
    province        varchar,
    city            varchar,
    county          varchar,
    region_code     varchar,
    level           varchar,
    sector          varchar,
    year            integer,
    format          varchar,
    title           varchar,
    doc_type        varchar,
    published       date,
    timeliness_days integer,              -- days after the legal deadline (negative: early)
    warnings        varchar[],
    text_chars      integer
);

create table if not exists report_texts (
    report_id       varchar primary key,
    text            varchar not null      -- the normalised text every evidence span points into
);

create table if not exists report_features (
    report_id           varchar primary key,
    sections            varchar[],        -- section headings found, by family (etl/sections.py): overview, proactive, …
    topics              varchar[],        -- required topics the text reports at all (headings or keywords)
    has_problem_section boolean not null, -- section 五 (or its pre-2019 equivalent) was found
    problem_statements  integer not null,
    problem_specificity double,           -- share of problem statements naming a concrete matter (null: no section)
    text_signature      uinteger[],       -- MinHash of the whole text (etl/similarity.py; null: empty text)
    problem_signature   uinteger[]        -- MinHash of section 五 (null: absent or too short)
);

-- Table 2 rows whose digits ran together with several possible splits (etl/tables/resolve.py): the
-- candidate splits, cell by cell. The build settles them against the agency's adjacent year (X6).
create table if not exists table_candidates (
    report_id       varchar not null,
    row_key         varchar not null,     -- e.g. t2_2019.licensing
    candidate       integer not null,     -- split number within the row
    col             varchar not null,     -- e.g. prev_items
    value           double not null,
    span_start      integer not null,
    span_end        integer not null,
    parsed          boolean not null      -- the parse already set this cell (all splits agree on it)
);

create table if not exists facts (
    report_id       varchar not null,
    key             varchar not null,     -- canonical key, spec/metrics.md §2–3
    value           double,               -- null when the cell is blank
    is_blank        boolean not null,
    origin          varchar not null,     -- table, prose, appendix, sheet
    span_start      integer,
    span_end        integer,
    page            integer,
    evidence        varchar
);

create table if not exists problems (
    report_id       varchar not null,
    kind            varchar not null,     -- problem or improvement
    ordinal         integer not null,
    text            varchar not null,
    categories      varchar[],
    cues            varchar,              -- JSON: category -> cue phrases that decided it
    span_start      integer,
    span_end        integer
);

create table if not exists checks (
    report_id       varchar not null,
    rule            varchar not null,
    scope           varchar not null,
    status          varchar not null,     -- ok, fail, incomplete
    detail          varchar
);

create table if not exists ingest_errors (
    path            varchar not null,
    sha256          varchar,
    stage           varchar not null,     -- read, parse, load
    message         varchar not null,
    occurred_at     timestamp not null
);

create table if not exists agencies (
    agency_id       varchar primary key,
    name            varchar not null,     -- the most recent name
    names           varchar[],            -- every name seen, oldest first
    province        varchar,
    city            varchar,
    county          varchar,
    region_code     varchar,
    level           varchar,
    sector          varchar,
    first_year      integer,
    last_year       integer,
    n_reports       integer
);

create table if not exists metric_catalog (
    metric          varchar primary key,
    label           varchar not null,     -- Chinese label shown in the dashboard
    kind            varchar not null,     -- count or rate
    definition      varchar not null,
    higher_is       varchar               -- better, worse or neutral (for rankings)
);

create table if not exists build_info (
    key             varchar primary key,
    value           varchar
);
