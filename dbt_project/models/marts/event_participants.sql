select distinct
    md5(p.event_mention_id) as event_id,
    p.speaker_key as speaker_id
from {{ ref('stg_event_participants') }} as p
where md5(p.event_mention_id) in (select event_id from {{ ref('events') }})
