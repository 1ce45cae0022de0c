select
    p.event_mention_id,
    p.speaker_mention_id,
    sp.speaker_key
from {{ source('extract', 'event_participants') }} as p
join {{ ref('stg_speakers') }} as sp using (speaker_mention_id)
