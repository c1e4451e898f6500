-- x402j stores, version 1. Applied by PostgresStores.migrate with Flyway, in its own schema (default x402j) with its
-- own history table (x402j_schema_history). The file is named x402j_V<n>__<what>.pgsql, not V<n>__<what>.sql: an
-- application's own Flyway scanning classpath:db/migration (which recurses into this folder) neither runs it nor,
-- with validateMigrationNaming, complains about it.
--
-- Identifiers compare and sort byte-wise (COLLATE "C") so ordering ties break the same way on every database.
-- Amounts are NUMERIC(78,0): any uint256 exactly. Times are TIMESTAMPTZ (microseconds).

-- ---------------------------------------------------------------------------------------------------------------
-- The settlement ledger. One row per payment id; the primary key is what makes a second claim impossible, the
-- trigger below what makes a final row immutable, whoever writes the UPDATE.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE "${flyway:defaultSchema}".settlement (
    payment_id         VARCHAR(512) COLLATE "C" NOT NULL,
    claim_token        TEXT          NOT NULL,
    fingerprint        TEXT          NOT NULL,
    state              TEXT          NOT NULL,
    scheme             TEXT          NOT NULL,
    network            TEXT          NOT NULL,
    payer              TEXT,
    amount             NUMERIC(78,0) NOT NULL,
    transaction_ref    TEXT,
    signed_transaction BYTEA,
    error_reason       TEXT,
    error_message      TEXT,
    created_at         TIMESTAMPTZ   NOT NULL,
    updated_at         TIMESTAMPTZ   NOT NULL,
    CONSTRAINT settlement_pkey PRIMARY KEY (payment_id),
    CONSTRAINT settlement_state_check CHECK (state IN ('CLAIMED', 'SUBMITTED', 'CONFIRMED', 'FAILED')),
    CONSTRAINT settlement_amount_check CHECK (amount >= 0),
    -- a broadcast is never forgotten: SUBMITTED and CONFIRMED rows carry their transaction
    CONSTRAINT settlement_transaction_check CHECK (state NOT IN ('SUBMITTED', 'CONFIRMED') OR transaction_ref IS NOT NULL),
    CONSTRAINT settlement_failure_check CHECK (state <> 'FAILED' OR error_reason IS NOT NULL)
);

-- The reconciler's work list (findUnfinished): only rows still open, oldest change first.
CREATE INDEX settlement_unfinished_idx
    ON "${flyway:defaultSchema}".settlement (updated_at, payment_id)
    WHERE state IN ('CLAIMED', 'SUBMITTED');

-- Allowed changes: CLAIMED -> SUBMITTED | FAILED, SUBMITTED -> CONFIRMED | FAILED (and a row rewritten in its own
-- state). A CONFIRMED or FAILED row never changes again; what was claimed (id, token, fingerprint, scheme, network,
-- payer, amount) never changes; a submitted transaction is never replaced or dropped; only a CLAIMED row (a claim
-- that sent nothing) may be deleted. Raised with SQLSTATE XJ001 so clients can tell it from other errors.
CREATE FUNCTION "${flyway:defaultSchema}".settlement_guard() RETURNS trigger
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
    IF OLD.state = 'SUBMITTED'
        AND (NEW.transaction_ref, NEW.signed_transaction) IS DISTINCT FROM (OLD.transaction_ref, OLD.signed_transaction) THEN
        RAISE EXCEPTION 'x402j settlement: a submitted transaction cannot be replaced' USING ERRCODE = 'XJ001';
    END IF;
    IF NOT (NEW.state = OLD.state
        OR (OLD.state = 'CLAIMED' AND NEW.state IN ('SUBMITTED', 'FAILED'))
        OR (OLD.state = 'SUBMITTED' AND NEW.state IN ('CONFIRMED', 'FAILED'))) THEN
        RAISE EXCEPTION 'x402j settlement: % -> % is not a settlement transition', OLD.state, NEW.state
            USING ERRCODE = 'XJ001';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER settlement_guard
    BEFORE UPDATE OR DELETE ON "${flyway:defaultSchema}".settlement
    FOR EACH ROW EXECUTE FUNCTION "${flyway:defaultSchema}".settlement_guard();

-- ---------------------------------------------------------------------------------------------------------------
-- Batched upto sessions. The cap invariant is a constraint; reservations add to pending in one guarded UPDATE.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE "${flyway:defaultSchema}".upto_session (
    id               TEXT COLLATE "C" NOT NULL,
    network          TEXT,
    asset            TEXT,
    owner            TEXT,
    spender          TEXT,
    cap              NUMERIC(78,0)    NOT NULL,
    pending          NUMERIC(78,0)    NOT NULL,
    settled          NUMERIC(78,0)    NOT NULL,
    status           TEXT             NOT NULL,
    deadline         TIMESTAMPTZ,
    created_at       TIMESTAMPTZ      NOT NULL,
    last_activity_at TIMESTAMPTZ      NOT NULL,
    CONSTRAINT upto_session_pkey PRIMARY KEY (id),
    CONSTRAINT upto_session_status_check CHECK (status IN ('OPEN', 'SETTLING', 'CLOSED')),
    CONSTRAINT upto_session_amounts_check CHECK (cap >= 0 AND pending >= 0 AND settled >= 0),
    CONSTRAINT upto_session_cap_check CHECK (pending + settled <= cap)
);

-- The sweeper's work list (findActive): sessions not closed, least recently active first.
CREATE INDEX upto_session_active_idx
    ON "${flyway:defaultSchema}".upto_session (last_activity_at, id)
    WHERE status <> 'CLOSED';

-- ---------------------------------------------------------------------------------------------------------------
-- Tracked payments: audit records of paid (or refused) requests, listed newest first and summed over time ranges.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE "${flyway:defaultSchema}".tracked_payment (
    id              TEXT COLLATE "C" NOT NULL,
    started_at      TIMESTAMPTZ      NOT NULL,
    finished_at     TIMESTAMPTZ,
    method          TEXT,
    resource        TEXT,
    scheme          TEXT,
    network         TEXT,
    asset           TEXT,
    amount          NUMERIC(78,0),
    payer           TEXT,
    status          TEXT             NOT NULL,
    error_reason    TEXT,
    transaction_ref TEXT,
    CONSTRAINT tracked_payment_pkey PRIMARY KEY (id),
    CONSTRAINT tracked_payment_status_check CHECK (status IN (
        'PAYMENT_REQUIRED', 'VERIFIED', 'VERIFY_FAILED', 'SETTLED', 'SETTLE_FAILED', 'SETTLEMENT_PENDING'))
);

CREATE INDEX tracked_payment_started_idx ON "${flyway:defaultSchema}".tracked_payment (started_at DESC, id);
CREATE INDEX tracked_payment_network_idx ON "${flyway:defaultSchema}".tracked_payment (network, started_at DESC);
CREATE INDEX tracked_payment_payer_idx ON "${flyway:defaultSchema}".tracked_payment (lower(payer), started_at DESC);
