-- Takes one test send from several allowances (the person's, the workspace's) in one statement.
-- It used to be an interactive transaction of two statements: its row locks were held across
-- round trips to the app, so 40 simultaneous tests by one person queued behind each other until
-- their transactions timed out. Here the locks last for one statement, and an exhausted allowance
-- rolls back the counts this call made (the inner block is a subtransaction) and says which one ran out.
CREATE FUNCTION take_test_send_allowance(keys TEXT[], maxes INTEGER[], window_seconds INTEGER[])
RETURNS TABLE (refused_index INTEGER, retry_after DOUBLE PRECISION)
LANGUAGE plpgsql
AS $$
DECLARE
  taken INTEGER;
  wait DOUBLE PRECISION;
BEGIN
  BEGIN
    FOR i IN 1 .. array_length(keys, 1) LOOP
      INSERT INTO "TestSendAllowance" ("key", "windowStart", "count")
      VALUES (keys[i], clock_timestamp(), 1)
      ON CONFLICT ("key") DO UPDATE SET
        "windowStart" = CASE WHEN "TestSendAllowance"."windowStart" <= clock_timestamp() - make_interval(secs => window_seconds[i])
          THEN clock_timestamp() ELSE "TestSendAllowance"."windowStart" END,
        "count" = CASE WHEN "TestSendAllowance"."windowStart" <= clock_timestamp() - make_interval(secs => window_seconds[i])
          THEN 1 ELSE "TestSendAllowance"."count" + 1 END
      RETURNING "count",
        CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => window_seconds[i]) - clock_timestamp())))::float8
      INTO taken, wait;
      IF taken > maxes[i] THEN
        refused_index := i;
        retry_after := wait;
        RAISE EXCEPTION 'test send allowance exhausted' USING ERRCODE = 'P0001';
      END IF;
    END LOOP;
  EXCEPTION WHEN raise_exception THEN
    RETURN NEXT;
  END;
  RETURN;
END;
$$;
