-- Event mentions as extracted, with empty strings read as unknown and no
-- precision for an event without a date.
select
    event_mention_id,
    document_id,
    event_type,
    event_date,
    case when event_date is null then null else date_precision end as date_precision,
    nullif(outlet, '') as outlet,
    nullif(location, '') as location,
    char_start,
    char_end
from {{ source('extract', 'events') }}
