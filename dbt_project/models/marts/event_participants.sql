-- Who took part in each published event: one row per event and speaker.
-- A table rebuilt in full on every run, keeping the participants of the
-- events the events mart holds.
select distinct
    {{ event_id('p.event_mention_id') }} as event_id,
    p.speaker_key as speaker_id
from {{ ref('int_event_participants') }} as p
where {{ event_id('p.event_mention_id') }} in (select event_id from {{ ref('events') }})
