{#
  Pre-hook of an incremental mart: delete the rows of the pending documents
  before the new ones are inserted. delete+insert alone deletes only the
  keys the new rows carry, so the rows of a document that left the marts (an
  old version of a changed file, a deleted file, a content rejected after
  ingest) would stay. The mart's rows whose `column` is a `keys_column` of
  `keys_model` in a pending document are deleted. In a full build: nothing.
#}
{% macro delete_pending_rows(column, keys_model, keys_column) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ column }} in (
        select {{ keys_column }} from {{ ref(keys_model) }}
        where document_id in (select document_id from {{ ref('stg_pending_documents') }})
    )
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}

{# The document ids of the current documents (int_current_documents). #}
{% macro current_document_ids() -%}
    (select content_document_id from {{ ref('int_current_documents') }})
{%- endmacro %}
