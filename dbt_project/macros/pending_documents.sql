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
