-- The curated speaker registry (seed speaker_registry), as the models read it.
select
    canonical_name,
    kind,
    aliases,
    role,
    organization,
    country,
    wikidata_id
from {{ ref('speaker_registry') }}
