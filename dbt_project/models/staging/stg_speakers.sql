-- Speakers as resolved inside each document, keyed across documents.
-- The key is the registry's canonical name when the registry knows the name
-- (or one of its spellings), else the normalised name itself: a surname-only
-- speaker stays surname-only, and two transliterations of one first name
-- with different surnames stay two people.
with speaker_mentions as (
    select
        speaker_mention_id,
        document_id,
        name,
        kind,
        nullif(role, '') as role,
        nullif(organization, '') as organization,
        nullif(country, '') as country,
        forms
    from {{ source('extract', 'speakers') }}
),

registry_names as (
    select canonical_name, {{ normalize_text('canonical_name') }} as name_key
    from {{ ref('speaker_registry') }}
    union
    select canonical_name, {{ normalize_text('alias') }} as name_key
    from {{ ref('speaker_registry') }},
        unnest(string_split(coalesce(aliases, ''), '|')) as a(alias)
    where trim(alias) <> ''
),

matched as (
    select
        m.*,
        r.canonical_name as registry_name
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
    md5(kind || ':' || {{ normalize_text('coalesce(registry_name, name)') }}) as speaker_key
from matched
