-- Speaker mentions as resolved inside each document, with empty strings read
-- as unknown. The key that follows a speaker across documents is made in
-- int_speakers.
select
    speaker_mention_id,
    document_id,
    name,
    kind,
    nullif(role, '') as role,
    nullif(organization, '') as organization,
    nullif(country, '') as country,
    forms,
    coalesce(is_description, false) as is_description,
    scope_key
from {{ source('extract', 'speakers') }}
