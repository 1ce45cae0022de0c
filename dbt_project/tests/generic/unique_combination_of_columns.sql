{#
  Each combination of `combination_of_columns` appears at most once: the key
  of a table whose rows are identified by several columns (dbt's own `unique`
  takes one column). Same name and arguments as dbt_utils'
  unique_combination_of_columns, without the package. Fails with one row per
  repeated combination.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
{%- set columns = combination_of_columns | join(', ') %}
select {{ columns }}, count(*) as n_rows
from {{ model }}
group by {{ columns }}
having count(*) > 1
{% endtest %}
