namespace Hub.Events;

/// <summary>What event delivery logs: ids 600–699.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "This node now relays the outbox")]
    public static partial void RelayTaken(this ILogger logger);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "The relay stopped on an unexpected failure; another node, or this one, takes over")]
    public static partial void RelayLost(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 607, Level = LogLevel.Debug, Message = "The relay waits for the database ({Problem})")]
    public static partial void RelayWaiting(this ILogger logger, string problem);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Could not publish {Count} events to the bus; they stay in the outbox and are published again in {Delay}")]
    public static partial void PublishFailed(this ILogger logger, int count, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Announced what time made due: {Expired} expired consents, {ReviewsDue} reviews due, {Overdue} overdue action items")]
    public static partial void Announced(this ILogger logger, int expired, int reviewsDue, int overdue);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "Removed {Count} events older than the retention, through cursor {Cursor}")]
    public static partial void Removed(this ILogger logger, int count, long cursor);

    [LoggerMessage(EventId = 605, Level = LogLevel.Debug, Message = "The event feed could not read the store ({Problem}); it tries again")]
    public static partial void FeedReadFailed(this ILogger logger, string problem);

    [LoggerMessage(EventId = 606, Level = LogLevel.Debug, Message = "A watch fell {Capacity} events behind and catches up from the store")]
    public static partial void WatchCatchingUp(this ILogger logger, int capacity);
}
