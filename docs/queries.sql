-- Run against the published marts: duckdb -readonly data/warehouse.published.duckdb < docs/queries.sql

-- 1. Who said what about "red line"?
select sp.name as speaker, st.quote_type, st.cue, left(st.text, 90) as text
from marts.statements st join marts.speakers sp using (speaker_id)
where st.text ilike '%red line%'
order by speaker;

-- 2. Statements by speaker and date of their occasion
select sp.name as speaker, e.event_type, e.event_date, e.date_precision, count(*) as statements
from marts.statements st
join marts.speakers sp using (speaker_id)
left join marts.events e using (event_id)
where sp.kind = 'person'
group by all order by speaker, e.event_date nulls last;

-- 3. Quotes reported by more than one document (copies of a story)
select sp.name as speaker, left(st.text, 60) as text, count(distinct ss.document_id) as documents,
       string_agg(distinct d.file_name, ', ' order by d.file_name) as files
from marts.statements st
join marts.statement_sources ss using (statement_id)
join marts.documents d using (document_id)
join marts.speakers sp using (speaker_id)
group by all having count(distinct ss.document_id) > 1
order by documents desc, speaker limit 5;

-- 4. Interviews: who spoke to which outlet, when
select e.outlet, e.event_date, string_agg(distinct sp.name, ', ' order by sp.name) as speakers
from marts.events e
join marts.event_participants ep using (event_id)
join marts.speakers sp using (speaker_id)
where e.event_type = 'interview'
group by all order by e.event_date nulls last;

-- 5. Trace a statement back to its exact place in each source document
select d.file_name, ss.part_index, ss.char_start, ss.char_end,
       substr(d.clean_text, ss.char_start + 1, ss.char_end - ss.char_start) as exact_text
from marts.statements st
join marts.statement_sources ss using (statement_id)
join marts.documents d using (document_id)
where st.text ilike '%move an inch eastwards%'
order by d.file_name, ss.part_index;
