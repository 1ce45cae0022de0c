{# Text as compared for deduplication: accents, case, quotes and punctuation folded. #}
{% macro normalize_text(expr) -%}
    trim(regexp_replace(lower(strip_accents({{ expr }})), '[^a-z0-9]+', ' ', 'g'))
{%- endmacro %}
