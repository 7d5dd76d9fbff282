namespace Hub.Audit;

/// <summary>The end of the audit chain: how many records it holds and the last one's hash.</summary>
internal readonly record struct ChainHead(long Seq, byte[] Hash);

/// <summary>The ids of a change's records just written, in order, and the time they record.</summary>
internal sealed record AppendedRecords(IReadOnlyList<AccessRecordId> Ids, DateTime OccurredAt);
