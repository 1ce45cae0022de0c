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

-- How often each speaker is given each kind, organisation and country: the
-- most frequent wins, ties go to the first in sort order, so the result
-- never depends on the order rows are stored in (a DuckDB file and a
-- DuckLake store them differently).
counted as (
    select
        *,
        count(*) over (partition by speaker_key, kind) as kind_n,
        count(*) over (partition by speaker_key, organization) as organization_n,
        count(*) over (partition by speaker_key, country) as country_n
    from mentions
),

registry as (
    select * from {{ ref('stg_speaker_registry') }}
),

per_speaker as (
    select
        speaker_key,
        min(registry_name) as registry_name,
        first(kind order by kind_n desc, kind) as kind,
        first(name order by length(name) desc, name) as longest_name,
        first(role order by length(coalesce(role, '')) desc, role) as role,
        first(organization order by organization is null, organization_n desc, organization) as organization,
        first(country order by country is null, country_n desc, country) as country,
        list_distinct(flatten(list(forms || [name]))) as forms,
        count(distinct document_id) as document_count
    from counted
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
