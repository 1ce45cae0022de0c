-- Speaker mentions with the key that follows a speaker across documents.
-- The key is the registry's canonical name when the registry knows the name
-- (or one of its spellings), else the normalised name itself: a surname-only
-- speaker stays surname-only, and two transliterations of one first name
-- with different surnames stay two people. A speaker named only by a
-- description ("a source close to the campaign") is one speaker within its
-- story and its copies (scope_key: the words of the speaker's first
-- statement), never merged with another story's by name.
with speaker_mentions as (
    select * from {{ ref('stg_speakers') }}
),

registry_names as (
    select canonical_name, {{ normalize_text('canonical_name') }} as name_key
    from {{ ref('stg_speaker_registry') }}
    union
    select canonical_name, {{ normalize_text('alias') }} as name_key
    from {{ ref('stg_speaker_registry') }},
        unnest(string_split(coalesce(aliases, ''), '|')) as a(alias)
    where trim(alias) <> ''
),

matched as (
    select
        m.*,
        case when m.is_description then null else r.canonical_name end as registry_name,
        case when m.is_description
            then 'description:' || coalesce(m.scope_key, m.speaker_mention_id) || ':'
            else ''
        end as key_scope
    from speaker_mentions as m
    left join registry_names as r
        on r.name_key = {{ normalize_text('m.name') }}
)

select
    speaker_mention_id,
    document_id,
    name,
    registry_name,
    kind,
    role,
    organization,
    country,
    forms,
    is_description,
    md5(kind || ':' || key_scope || {{ normalize_text('coalesce(registry_name, name)') }}) as speaker_key
from matched
