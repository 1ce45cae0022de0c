{#
  In an incremental run, keep only rows of documents the marts have not taken
  in yet (extract.pending_documents); in a full build, keep every row.
#}
{% macro only_pending_documents(column) -%}
    {%- if is_incremental() -%}
    {{ column }} in (select document_id from {{ ref('stg_pending_documents') }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#
  The rows of `model` whose `key` is mentioned in a pending document, all
  their mentions (any document): an aggregate over them is recomputed whole.
  In a full build, every row.
#}
{% macro mentions_of_pending_keys(model, key) -%}
    select * from {{ ref(model) }}
    {% if is_incremental() -%}
    where {{ key }} in (
        select {{ key }} from {{ ref(model) }}
        where {{ only_pending_documents('document_id') }}
    )
    {%- endif %}
{%- endmacro %}
