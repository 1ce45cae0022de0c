select distinct
    {{ event_id('p.event_mention_id') }} as event_id,
    p.speaker_key as speaker_id
from {{ ref('stg_event_participants') }} as p
where {{ event_id('p.event_mention_id') }} in (select event_id from {{ ref('events') }})
