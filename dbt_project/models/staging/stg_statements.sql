-- Statement mentions as extracted: one row per quote found in one document
-- (the same quote in two copies of a story is two rows here). Speaker and
-- statement keys across documents are made in int_statements.
select
    statement_mention_id,
    document_id,
    speaker_mention_id,
    event_mention_id,
    text,
    quote_type,
    nullif(cue, '') as cue,
    char_start,
    char_end
from {{ source('extract', 'statements') }}
