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
    agency_id       varchar,              -- the agency across renames (derived by every build from agency_key)
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
    text_chars      integer,
    scope           varchar,              -- organ, or aggregate: a whole jurisdiction's report summing its organs
    scope_evidence  varchar,              -- the sentence that made it an aggregate
    doc_reason      varchar,              -- why doc_type is 'other' (notice, work summary, self-inspection, news)
    source_url      varchar,              -- the page's own address as the document states it (原始链接)
    identity_evidence json,               -- field → {value, source, start, end, score}
    agency_key      varchar,              -- etl/agency_key.py at load time: region code + canonical organ
    organ_id        varchar,              -- the organ (derived by every build, etl/store/lineage.py)
    township        varchar,              -- 乡级 division (镇/乡/街道/苏木) the agency names, official name
    township_code   varchar               -- its 9-digit code (民政部), region_code stays the county's
);

-- Databases built before these columns existed get them (null until their files are parsed again).
alter table reports add column if not exists scope varchar;
alter table reports add column if not exists scope_evidence varchar;
alter table reports add column if not exists doc_reason varchar;
alter table reports add column if not exists source_url varchar;
alter table reports add column if not exists identity_evidence json;
alter table reports add column if not exists agency_key varchar;
alter table reports add column if not exists organ_id varchar;
alter table reports add column if not exists township varchar;
alter table reports add column if not exists township_code varchar;

-- The normalised texts every evidence span points into live beside the database, in Parquet segments
-- `<db>.texts/<segment>` (etl/store/texts.py; the view `report_texts` reads them): where each is.
create table if not exists text_locations (
    report_id       varchar primary key,
    segment         varchar not null      -- file name in the segment folder
);

create table if not exists text_segments (
    segment         varchar primary key,
    rows            bigint not null,      -- texts written (removed reports' texts stay until a compaction)
    created         timestamp not null
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

-- Table rows that allow several readings, cell by cell: digits run together (etl/tables/resolve.py)
-- or fewer numbers than columns (etl/tables/readings.py). The build settles Table 2 (2019) rows
-- against the agency's adjacent year (X6); the others stay as recorded alternatives.
create table if not exists table_candidates (
    report_id       varchar not null,
    row_key         varchar not null,     -- e.g. t2_2019.licensing, t3.granted, t4
    candidate       integer not null,     -- reading number within the row
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
    stage           varchar not null,     -- read, parse, load; links: a bad line of the agency links file
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
    n_reports       integer,
    lineage_group   varchar               -- agencies joined by mergers or splits: the group's most recent agency
);

alter table agencies add column if not exists lineage_group varchar;

-- Every name an agency reported under, with its years (rebuilt by every build, etl/store/lineage.py).
create table if not exists agency_names (
    agency_id       varchar not null,
    organ_id        varchar not null,     -- the organ the name belongs to (a rename joins organs into one agency)
    name            varchar not null,     -- as the reports state it
    first_year      integer,
    last_year       integer,
    n_reports       integer not null
);

-- Agency name → organ name (region removed, abbreviation expanded): worked out once per name and
-- version of the code, kept between builds (etl/store/lineage.py).
create table if not exists organ_names (
    name            varchar primary key,  -- as the reports state it
    organ           varchar not null,     -- e.g. 安全生产监督管理局 for 莆田市安监局
    version         varchar not null      -- etl/version.py when it was worked out
);

-- Links between organs: a predecessor ending when its successor starts (rebuilt by every build).
create table if not exists agency_lineage (
    predecessor_id          varchar not null,  -- organ_id
    successor_id            varchar not null,  -- organ_id
    predecessor_agency_id   varchar not null,  -- equal for a rename (one agency), different for a merger or split
    successor_agency_id     varchar not null,
    predecessor             varchar not null,  -- the organs' most recent names
    successor               varchar not null,
    year                    integer,           -- the successor's first year
    kind                    varchar not null,  -- rename, merger, split
    source                  varchar not null,  -- curated, site, name, user (joined by + when several)
    evidence                varchar not null
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
