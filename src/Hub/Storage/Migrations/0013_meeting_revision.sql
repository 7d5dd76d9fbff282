-- A node may answer a ListMeetings page again from memory while nothing on it changed, and asks
-- PostgreSQL, not its memory, whether anything did: the page's meetings in order, each with its
-- revision, and the withdrawal epoch.
--
-- Every change to a meeting or to what is shown under it (an answer, a move, a cancellation, the
-- outcome) raises the meeting's revision in the change's own transaction.
ALTER TABLE meeting ADD COLUMN revision integer NOT NULL DEFAULT 0;

-- A revocation that withdraws participations raises the epoch instead of the meetings' revisions:
-- it locks the consent before the participations, and a reschedule locks the meeting before the
-- consents it checks again, so a revocation that locked meetings could deadlock with a reschedule.
-- Withdrawals are rare, and each one makes every node read its pages afresh.
CREATE TABLE meeting_withdrawal_epoch (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    epoch bigint NOT NULL
);
INSERT INTO meeting_withdrawal_epoch (epoch) VALUES (0);
