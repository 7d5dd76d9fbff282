namespace Hub.Audit;

/// <summary>The end of the audit chain: how many records it holds and the last one's hash.</summary>
internal readonly record struct ChainHead(long Seq, byte[] Hash);

/// <summary>The ids of records just appended, in order, the time they record, and the chain's head after them.</summary>
internal sealed record AppendedRecords(IReadOnlyList<AccessRecordId> Ids, DateTime OccurredAt, ChainHead Head);
