-- One row per real person or organisation quoted anywhere in the warehouse.
-- The registry (seed speaker_registry) supplies canonical names, roles and
-- Wikidata ids where it knows the speaker; otherwise the most complete
-- values seen in the documents are kept.
-- Incremental: speakers mentioned in a document of extract.pending_documents
-- are recomputed from all their mentions.
-- Only mentions in current documents (int_current_documents) count; the
-- speakers mentioned in a pending document are deleted first (pre-hook).
-- depends_on: {{ ref('stg_pending_documents') }}
-- depends_on: {{ ref('int_speakers') }}
with mentions as (
    select * from (
        {{ mentions_of_pending_keys('int_speakers', 'speaker_key') }}
    ) as m
    where m.document_id in {{ current_document_ids() }}
),

registry as (
    select * from {{ ref('stg_speaker_registry') }}
),

per_speaker as (
    select
        speaker_key,
        any_value(registry_name) as registry_name,
        mode(kind) as kind,
        arg_max(name, length(name)) as longest_name,
        arg_max(role, length(coalesce(role, ''))) as role,
        mode(organization) as organization,
        mode(country) as country,
        list_distinct(flatten(list(forms || [name]))) as forms,
        count(distinct document_id) as document_count
    from mentions
    group by speaker_key
)

select
    s.speaker_key as speaker_id,
    coalesce(r.canonical_name, s.longest_name) as name,
    s.kind,
    coalesce(r.role, s.role) as role,
    coalesce(r.organization, s.organization) as organization,
    coalesce(r.country, s.country) as country,
    list_sort(list_filter(s.forms, lambda f: f is not null and f <> coalesce(r.canonical_name, s.longest_name))) as aliases,
    r.wikidata_id,
    s.document_count
from per_speaker as s
left join registry as r on r.canonical_name = s.registry_name
