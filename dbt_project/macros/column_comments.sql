{#- Column descriptions become column comments (persist_docs), except on
    views in a DuckLake (the `lake` target), which has no column comments on
    views ("Cannot comment on columns ... it is not a table"): there the
    views keep their relation comment and the tables keep everything.
    Otherwise this is dbt-duckdb's own macro. -#}
{% macro duckdb__alter_column_comment(relation, column_dict) %}
  {% if target.name == 'lake' and relation.is_view %}
    {{ return('') }}
  {% endif %}
  {% set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute="name") | list %}
  {% for column_name in column_dict if (column_name in existing_columns) %}
    {% set comment = column_dict[column_name]['description'] %}
    {% set escaped_comment = duckdb_escape_comment(comment) %}
    comment on column {{ relation }}.{{ adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name }} is {{ escaped_comment }};
  {% endfor %}
{% endmacro %}
