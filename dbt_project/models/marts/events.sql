-- Occasions of statements. Events found in a copy of a story are left out
-- when the canonical copy has them too; those a statement points at stay.
-- Incremental: the events of documents in extract.pending_documents are rebuilt.
-- Only current documents (int_current_documents) have rows; the rows of a
-- pending document are deleted first (pre-hook).
-- depends_on: {{ ref('stg_pending_documents') }}
-- depends_on: {{ ref('stg_documents') }}
with events as (
    select *, {{ event_id('event_mention_id') }} as event_id
    from {{ ref('stg_events') }}
    where {{ only_pending_documents('document_id') }}
      and document_id in {{ current_document_ids() }}
),

documents as (
    select document_id, duplicate_of from {{ ref('int_document_duplicates') }}
),

referenced as (
    select distinct event_id from {{ ref('statements') }} where event_id is not null
)

select
    e.event_id,
    e.event_type,
    e.event_date,
    e.date_precision,
    e.outlet,
    e.location,
    e.document_id
from events as e
join documents as d using (document_id)
where d.duplicate_of is null or e.event_id in (select event_id from referenced)
