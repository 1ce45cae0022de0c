-- Offsets of each part of a statement (a split quote has two) in the clean text.
select
    statement_mention_id,
    document_id,
    part_index,
    char_start,
    char_end
from {{ source('extract', 'statement_parts') }}
