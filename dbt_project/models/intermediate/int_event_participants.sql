-- Event participants with their speaker's cross-document key. A participant
-- whose speaker mention is missing is left out (stg_event_participants tests
-- that none is).
select
    p.event_mention_id,
    p.speaker_mention_id,
    sp.speaker_key
from {{ ref('stg_event_participants') }} as p
join {{ ref('int_speakers') }} as sp using (speaker_mention_id)
