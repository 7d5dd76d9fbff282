namespace Hub.Audit;

/// <summary>What the audit trail logs: ids 300–399.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Could not commit {Count} audit records; the reads that waited on them were refused")]
    public static partial void AuditAppendFailed(this ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Could not commit {Count} audit records while the database is unreachable ({Problem}); the reads that waited on them were refused")]
    public static partial void AuditAppendDeferred(this ILogger logger, int count, string problem);
}
