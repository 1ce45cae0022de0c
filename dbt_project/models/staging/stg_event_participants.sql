-- Who took part in each event mention, by speaker mention (same document).
select
    event_mention_id,
    speaker_mention_id,
    document_id
from {{ source('extract', 'event_participants') }}
