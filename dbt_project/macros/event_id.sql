{# Events are named by the document and position they were found at. #}
{% macro event_id(event_mention_id) -%}
    md5({{ event_mention_id }})
{%- endmacro %}
