-- x402j stores, version 2: replacement transactions in the settlement ledger.
--
-- A SUBMITTED settlement may get its transaction replaced: the same transaction at a higher fee (a stuck one), or the
-- payment signed anew when the node refused its transaction for good because another sender took its nonce. Any of
-- them may land, so a row keeps all of them: `transactions`, oldest first, always holding `transaction_ref` (the
-- current one while SUBMITTED, the one that landed once CONFIRMED). The guard trigger now allows SUBMITTED ->
-- SUBMITTED only as such a replacement, and a confirmation only by one of the row's transactions.

ALTER TABLE "${flyway:defaultSchema}".settlement
    ADD COLUMN transactions TEXT[] NOT NULL DEFAULT '{}';

-- Rows written before: their one transaction is their history. The guard refuses any change to a final row, so it is
-- switched off for this statement only, inside this migration's transaction (no other session ever sees it off).
ALTER TABLE "${flyway:defaultSchema}".settlement DISABLE TRIGGER settlement_guard;
UPDATE "${flyway:defaultSchema}".settlement SET transactions = ARRAY[transaction_ref] WHERE transaction_ref IS NOT NULL;
ALTER TABLE "${flyway:defaultSchema}".settlement ENABLE TRIGGER settlement_guard;

ALTER TABLE "${flyway:defaultSchema}".settlement
    ADD CONSTRAINT settlement_transactions_check
        CHECK ((transaction_ref IS NULL OR transaction_ref = ANY (transactions))
            AND array_position(transactions, NULL) IS NULL);

-- Allowed changes: CLAIMED -> SUBMITTED | FAILED, SUBMITTED -> SUBMITTED (a replacement) | CONFIRMED | FAILED (and a
-- CLAIMED row rewritten in its own state). A CONFIRMED or FAILED row never changes again; what was claimed (id, token,
-- fingerprint, scheme, network, payer, amount) never changes; the history of transactions only ever grows, by the one
-- transaction that becomes current in a replacement; a confirmation names one of the row's transactions; only a
-- CLAIMED row (a claim that sent nothing) may be deleted. Raised with SQLSTATE XJ001.
CREATE OR REPLACE FUNCTION "${flyway:defaultSchema}".settlement_guard() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> 'CLAIMED' THEN
            RAISE EXCEPTION 'x402j settlement: a % row cannot be deleted', OLD.state USING ERRCODE = 'XJ001';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state IN ('CONFIRMED', 'FAILED') THEN
        RAISE EXCEPTION 'x402j settlement: a % row is final and cannot change', OLD.state USING ERRCODE = 'XJ001';
    END IF;
    IF (NEW.payment_id, NEW.claim_token, NEW.fingerprint, NEW.scheme, NEW.network, NEW.payer, NEW.amount, NEW.created_at)
        IS DISTINCT FROM
       (OLD.payment_id, OLD.claim_token, OLD.fingerprint, OLD.scheme, OLD.network, OLD.payer, OLD.amount, OLD.created_at) THEN
        RAISE EXCEPTION 'x402j settlement: what was claimed cannot change' USING ERRCODE = 'XJ001';
    END IF;
    IF NOT ((NEW.state = OLD.state AND OLD.state = 'CLAIMED')
        OR (OLD.state = 'CLAIMED' AND NEW.state IN ('SUBMITTED', 'FAILED'))
        OR (OLD.state = 'SUBMITTED' AND NEW.state IN ('SUBMITTED', 'CONFIRMED', 'FAILED'))) THEN
        RAISE EXCEPTION 'x402j settlement: % -> % is not a settlement transition', OLD.state, NEW.state
            USING ERRCODE = 'XJ001';
    END IF;

    IF OLD.state = 'CLAIMED' THEN
        -- A writer older than version 2 submits without the history: its one transaction is it.
        IF NEW.transaction_ref IS NOT NULL AND NOT (NEW.transaction_ref = ANY (NEW.transactions)) THEN
            NEW.transactions := NEW.transactions || NEW.transaction_ref;
        END IF;
        IF NEW.transaction_ref IS NOT NULL AND NEW.transactions IS DISTINCT FROM ARRAY[NEW.transaction_ref] THEN
            RAISE EXCEPTION 'x402j settlement: a submitted row starts with its one transaction' USING ERRCODE = 'XJ001';
        END IF;
        RETURN NEW;
    END IF;

    -- OLD.state = 'SUBMITTED'
    IF NEW.state = 'SUBMITTED'
        AND (NEW.transaction_ref, NEW.signed_transaction) IS DISTINCT FROM (OLD.transaction_ref, OLD.signed_transaction) THEN
        IF NEW.transaction_ref IS NULL OR NEW.signed_transaction IS NULL
            OR NEW.transaction_ref = ANY (OLD.transactions)
            OR NEW.transactions IS DISTINCT FROM OLD.transactions || NEW.transaction_ref THEN
            RAISE EXCEPTION 'x402j settlement: a replacement adds one new transaction to the history and makes it current'
                USING ERRCODE = 'XJ001';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.transactions IS DISTINCT FROM OLD.transactions THEN
        RAISE EXCEPTION 'x402j settlement: the transactions of a settlement are never rewritten' USING ERRCODE = 'XJ001';
    END IF;
    IF NEW.signed_transaction IS DISTINCT FROM OLD.signed_transaction THEN
        RAISE EXCEPTION 'x402j settlement: a submitted transaction cannot be replaced' USING ERRCODE = 'XJ001';
    END IF;
    IF NEW.state = 'CONFIRMED' THEN
        IF NEW.transaction_ref IS NULL OR NOT (NEW.transaction_ref = ANY (OLD.transactions)) THEN
            RAISE EXCEPTION 'x402j settlement: a settlement is confirmed by one of its transactions' USING ERRCODE = 'XJ001';
        END IF;
    ELSIF NEW.transaction_ref IS DISTINCT FROM OLD.transaction_ref THEN
        RAISE EXCEPTION 'x402j settlement: a submitted transaction cannot be replaced' USING ERRCODE = 'XJ001';
    END IF;
    RETURN NEW;
END
$$;
