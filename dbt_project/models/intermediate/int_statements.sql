-- Statement mentions with their speaker's cross-document key and the key
-- that identifies the same statement in every copy of a story: the same
-- speaker saying the same words (compared with case, accents and
-- punctuation folded). A mention whose speaker mention is missing is left
-- out (stg_statements tests that none is).
with statement_mentions as (
    select * from {{ ref('stg_statements') }}
),

speakers as (
    select speaker_mention_id, speaker_key from {{ ref('int_speakers') }}
)

select
    s.statement_mention_id,
    s.document_id,
    s.speaker_mention_id,
    sp.speaker_key,
    s.event_mention_id,
    s.text,
    s.quote_type,
    s.cue,
    s.char_start,
    s.char_end,
    md5(sp.speaker_key || ':' || {{ normalize_text('s.text') }}) as statement_key
from statement_mentions as s
join speakers as sp using (speaker_mention_id)
