-- One row per thing a speaker said: the same quote in ten copies of a story
-- is one statement (see statement_sources for each copy). The event and cue
-- come from the copy in the canonical document when there is one.
-- Incremental: statements mentioned in a document of extract.pending_documents
-- are recomputed from all their mentions.
-- Only mentions in current documents (int_current_documents) count; the
-- statements mentioned in a pending document are deleted first (pre-hook),
-- so one said only in a document that left the marts is gone.
-- depends_on: {{ ref('stg_pending_documents') }}
-- depends_on: {{ ref('int_statements') }}
with mentions as (
    select * from (
        {{ mentions_of_pending_keys('int_statements', 'statement_key') }}
    ) as m
    where m.document_id in {{ current_document_ids() }}
),

documents as (
    select document_id, canonical_document_id from {{ ref('int_document_duplicates') }}
),

events as (
    select event_mention_id, {{ event_id('event_mention_id') }} as event_id
    from {{ ref('stg_events') }}
),

ranked as (
    select
        m.*,
        row_number() over (
            partition by m.statement_key
            order by (d.canonical_document_id = m.document_id) desc, m.document_id, m.char_start
        ) as preference
    from mentions as m
    join documents as d using (document_id)
)

select
    r.statement_key as statement_id,
    r.speaker_key as speaker_id,
    e.event_id,
    r.text,
    r.quote_type,
    r.cue
from ranked as r
left join events as e using (event_mention_id)
where r.preference = 1
