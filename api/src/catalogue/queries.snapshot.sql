-- searchNationalServices

    select code, (greatest((case
      when name_search like $1 then 10
      when name_search like $2 then 6
      when name_search like $3 then 4
      else 0 end), (case
      when name_search like $4 then 10
      when name_search like $5 then 6
      when name_search like $6 then 4
      else 0 end), 0) + greatest($7::float8 * (case
          when name_search like $8 then 3
          when name_search like $9 then 2
          when name_search like $10 then 1.5
          when (' ' || body_search || ' ') like $11 then 1
          when body_search like $12 then 0.5
          else 0 end), $13::float8 * (case
          when name_search like $14 then 3
          when name_search like $15 then 2
          when name_search like $16 then 1.5
          when (' ' || body_search || ' ') like $17 then 1
          when body_search like $18 then 0.5
          else 0 end)) + greatest($19::float8 * (case
          when name_search like $20 then 3
          when name_search like $21 then 2
          when name_search like $22 then 1.5
          when (' ' || body_search || ' ') like $23 then 1
          when body_search like $24 then 0.5
          else 0 end)) + greatest($25::float8 * (case
          when name_search like $26 then 3
          when name_search like $27 then 2
          when name_search like $28 then 1.5
          when (' ' || body_search || ' ') like $29 then 1
          when body_search like $30 then 0.5
          else 0 end)) + (case when name_search like $31 then 1 when (' ' || body_search || ' ') like $32 then 0.3 else 0 end) + (case when name_search like $33 then 1 when (' ' || body_search || ' ') like $34 then 0.3 else 0 end))::float8 as rank, (card->>'frequencyRank')::int as frequency
    from catalogue_services
    where version_id = $35 and (name_search like $36 or body_search like $37 or name_search like $38 or body_search like $39) and (name_search like $40 or body_search like $41) and (name_search like $42 or body_search like $43)
    order by rank desc, frequency asc nulls last, code
    limit $44;

-- searchLocalServices

    select code, (greatest((case
      when name_search like $1 then 10
      when name_search like $2 then 6
      when name_search like $3 then 4
      else 0 end), (case
      when name_search like $4 then 10
      when name_search like $5 then 6
      when name_search like $6 then 4
      else 0 end), 0) + greatest($7::float8 * (case
          when name_search like $8 then 3
          when name_search like $9 then 2
          when name_search like $10 then 1.5
          when (' ' || body_search || ' ') like $11 then 1
          when body_search like $12 then 0.5
          else 0 end), $13::float8 * (case
          when name_search like $14 then 3
          when name_search like $15 then 2
          when name_search like $16 then 1.5
          when (' ' || body_search || ' ') like $17 then 1
          when body_search like $18 then 0.5
          else 0 end)) + greatest($19::float8 * (case
          when name_search like $20 then 3
          when name_search like $21 then 2
          when name_search like $22 then 1.5
          when (' ' || body_search || ' ') like $23 then 1
          when body_search like $24 then 0.5
          else 0 end)) + greatest($25::float8 * (case
          when name_search like $26 then 3
          when name_search like $27 then 2
          when name_search like $28 then 1.5
          when (' ' || body_search || ' ') like $29 then 1
          when body_search like $30 then 0.5
          else 0 end)) + (case when name_search like $31 then 1 when (' ' || body_search || ' ') like $32 then 0.3 else 0 end) + (case when name_search like $33 then 1 when (' ' || body_search || ' ') like $34 then 0.3 else 0 end))::float8 as rank, (card->>'frequencyRank')::int as frequency
    from local_services
    where tenant_id = any($35::uuid[]) and enabled and (name_search like $36 or body_search like $37 or name_search like $38 or body_search like $39) and (name_search like $40 or body_search like $41) and (name_search like $42 or body_search like $43)
    order by rank desc, frequency asc nulls last, code
    limit $44;

-- suggestNationalServices

    select code, word_similarity($1, name_search)::float8 as rank, (card->>'frequencyRank')::int as frequency
    from catalogue_services
    where version_id = $2 and word_similarity($3, name_search) >= $4
    order by rank desc, frequency asc nulls last, code
    limit $5;
