namespace Hub.Cases;

/// <summary>What the case service logs: ids 500–599.</summary>
internal static partial class CaseLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Break-glass read of person {PersonId} by agency {AgencyId}: {Justification}")]
    public static partial void BreakGlassRead(this ILogger logger, string personId, string agencyId, string justification);
}
